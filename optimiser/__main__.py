from optimiser.cli import app

app(prog_name="dcsite")
