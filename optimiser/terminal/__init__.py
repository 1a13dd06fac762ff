"""What the ``dcsite`` command shows while it works: stages, elapsed time, tables.

Just below :mod:`optimiser.cli`, which parses the options and calls the library: this package
holds the consoles (:mod:`~optimiser.terminal.consoles`) and the pieces of output that are more
than a line. :mod:`~optimiser.terminal.progress` shows the stage a command is in and the time
elapsed; :mod:`~optimiser.terminal.error_reporting` turns errors and warnings into one line and
an exit code; :mod:`~optimiser.terminal.input_checks` answers bad names and folders before the
solver stack is imported; :mod:`~optimiser.terminal.input_views` shows the catalogue and a
model's scenarios; :mod:`~optimiser.terminal.plan_view` a solved plan, its audit and diagnosis;
:mod:`~optimiser.terminal.validation_view` and :mod:`~optimiser.terminal.verdict` its full-year
check; :mod:`~optimiser.terminal.decorations` draws its maps and report;
:mod:`~optimiser.terminal.study_views` shows the studies of several solves, and
:mod:`~optimiser.terminal.pathway` a pathway.
"""
