"""Hand the LP to HiGHS: the Pyomo model compiled to arrays, and the arrays passed on.

The hand-over stage between :mod:`optimiser.lp.build` and :mod:`optimiser.lp.solver`. Pyomo's
standard-form compiler turns the model into a sparse matrix (:func:`compile_model`); a
:class:`CompiledLp` keeps it as numpy arrays with the Pyomo component and index of each row
and column, makes HiGHS's :class:`highspy.HighsLp` from them when asked, and passes them to a
HiGHS instance directly (:meth:`CompiledLp.pass_to`). Sweeps write such LPs without Pyomo
(:mod:`optimiser.lp.parametric`) and compare them (:mod:`optimiser.lp.resolve`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import highspy
import numpy as np
import pandas as pd
import pyomo.environ as pyo
from pyomo.repn.plugins.standard_form import LinearStandardFormCompiler

from optimiser.errors import DcsiteError
from optimiser.lp.lean_imports import defer_scipy_stats

if TYPE_CHECKING:
    import scipy.sparse as sparse

defer_scipy_stats()  # before the compiler first resolves Pyomo's deferred scipy

INFINITY = highspy.kHighsInf
MATRIX_ARRAYS = ("start_", "index_", "value_")
"""The vectors of the column-wise constraint matrix (:meth:`CompiledLp.array`)."""
VECTORS = ("col_cost_", "col_lower_", "col_upper_", "row_lower_", "row_upper_")
"""The LP's vectors besides the matrix: costs and bounds (:meth:`CompiledLp.array`)."""


@dataclass
class CompiledLp:
    """The LP as matrices, with the Pyomo objects behind each row and column.

    Attributes
    ----------
    highs_lp : highspy.HighsLp or None
        The model as HiGHS takes it; None when the LP is held in :attr:`arrays` alone (an LP
        written from others, :class:`optimiser.lp.parametric.AffineLp`), made on first use
        of :attr:`lp`.
    row_components, column_components : list of str
        Pyomo component name of each row / column.
    row_indices, column_indices : list
        Pyomo index of each row / column.
    objective_offset : float
        Constant term of the objective [kCNY/yr].
    fixed_values : dict
        Values of variables fixed in the model (not columns), by component then index.
    layouts : dict
        ``rows`` and ``columns``: where each component sits (filled when first read back).
    """

    highs_lp: highspy.HighsLp | None
    row_components: list[str]
    row_indices: list[Any]
    column_components: list[str]
    column_indices: list[Any]
    objective_offset: float
    fixed_values: dict[str, dict[Any, float]] = field(default_factory=dict)
    layouts: dict[str, dict[str, ComponentSlice]] = field(
        default_factory=dict, repr=False, compare=False
    )
    """Positions and index of each component's rows and columns (:func:`component_layout`),
    made once per structure and shared by the LPs written from it."""
    arrays: dict[str, np.ndarray] = field(default_factory=dict, repr=False, compare=False)
    """The LP's vectors as numpy arrays (:meth:`array`)."""

    @property
    def lp(self) -> highspy.HighsLp:
        """The model as a :class:`highspy.HighsLp` (made from :attr:`arrays` if need be)."""
        if self.highs_lp is None:
            lp = highspy.HighsLp()
            lp.num_col_ = len(self.arrays["col_cost_"])
            lp.num_row_ = len(self.arrays["row_lower_"])
            for name in VECTORS:
                setattr(lp, name, self.arrays[name])
            lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
            for name in MATRIX_ARRAYS:
                setattr(lp.a_matrix_, name, self.arrays[name])
            lp.offset_ = self.objective_offset
            self.highs_lp = lp
        return self.highs_lp

    @property
    def num_columns(self) -> int:
        """Number of columns (variables)."""
        return len(self.array("col_cost_"))

    @property
    def num_rows(self) -> int:
        """Number of rows (constraints)."""
        return len(self.array("row_lower_"))

    def pass_to(self, highs: highspy.Highs) -> None:
        """Hand the LP to a HiGHS instance, straight from the numpy arrays.

        Copying numpy arrays into a :class:`highspy.HighsLp` goes element by element through
        Python; HiGHS's array form of ``passModel`` takes them as they are.
        """
        index = self.array("index_")
        status = highs.passModel(
            self.num_columns,
            self.num_rows,
            len(index),
            int(highspy.MatrixFormat.kColwise),
            int(highspy.ObjSense.kMinimize),
            float(self.objective_offset),
            self.array("col_cost_"),
            self.array("col_lower_"),
            self.array("col_upper_"),
            self.array("row_lower_"),
            self.array("row_upper_"),
            np.asarray(self.array("start_"), dtype=np.int32),
            np.asarray(index, dtype=np.int32),
            self.array("value_"),
            np.zeros(self.num_columns, dtype=np.int32),  # every column continuous
        )
        if status == highspy.HighsStatus.kError:
            msg = "HiGHS refused the LP handed to it"
            raise SolverError(msg)

    def array(self, name: str) -> np.ndarray:
        """Return one vector of the LP as a numpy array, converted from HiGHS's LP once.

        Parameters
        ----------
        name : str
            ``col_cost_``, ``col_lower_``, ``col_upper_``, ``row_lower_``, ``row_upper_``,
            or the column-wise matrix's ``start_``, ``index_`` and ``value_``. Each read of
            ``highspy.HighsLp``'s vectors copies them into a Python list; a sweep's
            comparisons of LPs read them many times.
        """
        if name not in self.arrays:
            if name in MATRIX_ARRAYS:
                vector = getattr(self.lp.a_matrix_, name)
                self.arrays[name] = np.asarray(vector, dtype=float if name == "value_" else None)
            else:
                self.arrays[name] = np.asarray(getattr(self.lp, name), dtype=float)
        return self.arrays[name]

    def matrix(self) -> sparse.csc_matrix:
        """Return the constraint matrix as a SciPy sparse matrix (rows by columns)."""
        import scipy.sparse as sparse

        return sparse.csc_matrix(
            (self.array("value_"), self.array("index_"), self.array("start_")),
            shape=(self.num_rows, self.num_columns),
        )

    @property
    def sizes(self) -> dict[str, int]:
        """Numbers of variables, constraints and non-zeros."""
        return {
            "variables": self.num_columns,
            "constraints": self.num_rows,
            "nonzeros": len(self.array("value_")),
        }

    def row_name(self, position: int) -> str:
        """Return ``component[index]`` of a row."""
        return _name(self.row_components[position], self.row_indices[position])

    def column_name(self, position: int) -> str:
        """Return ``component[index]`` of a column."""
        return _name(self.column_components[position], self.column_indices[position])


def _name(component: str, index: Any) -> str:
    if index is None:
        return component
    if isinstance(index, tuple):
        return f"{component}[{','.join(str(part) for part in index)}]"
    return f"{component}[{index}]"


def compile_model(model: pyo.ConcreteModel) -> CompiledLp:
    """Compile a Pyomo model to a :class:`highspy.HighsLp` in mixed (<=, =, >=) form."""
    compiled = LinearStandardFormCompiler().write(model, mixed_form=True)
    matrix = compiled.A.tocsc()
    rhs = np.asarray(compiled.rhs, dtype=float)
    multipliers = np.fromiter((row[1] for row in compiled.rows), dtype=int, count=len(rhs))
    row_lower = np.where(multipliers >= 0, -INFINITY, rhs)
    row_lower = np.where(multipliers == 0, rhs, row_lower)
    row_upper = np.where(multipliers <= 0, INFINITY, rhs)
    row_upper = np.where(multipliers == 0, rhs, row_upper)
    columns = compiled.columns
    column_lower = np.array([-INFINITY if var.lb is None else var.lb for var in columns])
    column_upper = np.array([INFINITY if var.ub is None else var.ub for var in columns])
    arrays = {
        "col_cost_": np.asarray(compiled.c.toarray(), dtype=float).ravel()
        if len(columns)
        else np.zeros(0),
        "col_lower_": column_lower.astype(float),
        "col_upper_": column_upper.astype(float),
        "row_lower_": row_lower.astype(float),
        "row_upper_": row_upper.astype(float),
        "start_": matrix.indptr,
        "index_": matrix.indices,
        "value_": matrix.data.astype(float),
    }
    lp = highspy.HighsLp()
    lp.num_col_ = len(columns)
    lp.num_row_ = len(rhs)
    for name in VECTORS:
        setattr(lp, name, arrays[name])
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    for name in MATRIX_ARRAYS:
        setattr(lp.a_matrix_, name, arrays[name])
    lp.offset_ = float(compiled.c_offset[0]) if len(compiled.c_offset) else 0.0
    fixed: dict[str, dict[Any, float]] = {}
    # The model lists what it fixed (looping over every variable costs seconds at full-year
    # scale); a model built elsewhere is searched.
    candidates = getattr(model, "fixed_variables", None)
    if candidates is None:
        candidates = (
            var
            for component in model.component_objects(pyo.Var, active=True)
            for var in component.values()
        )
    for var in candidates:
        if var.fixed:
            fixed.setdefault(var.parent_component().name, {})[var.index()] = float(var.value)
    return CompiledLp(
        highs_lp=lp,
        row_components=[row[0].parent_component().name for row in compiled.rows],
        row_indices=[row[0].index() for row in compiled.rows],
        column_components=[var.parent_component().name for var in columns],
        column_indices=[var.index() for var in columns],
        objective_offset=lp.offset_,
        fixed_values=fixed,
        arrays=arrays,
    )


class SolverError(DcsiteError):
    """HiGHS did not run the algorithm asked for (e.g. HiPO without ``highspy[extras]``)."""

    exit_code = 1


@dataclass(frozen=True)
class ComponentSlice:
    """Where one Pyomo component's rows or columns sit in the LP, and their Pyomo index.

    Attributes
    ----------
    positions : numpy.ndarray
        Row or column positions, in the LP's order.
    index : pandas.Index
        The component's index of each position (a ``MultiIndex`` for tuple indices).
    """

    positions: np.ndarray
    index: pd.Index


def component_layout(components: list[str], indices: list[Any]) -> dict[str, ComponentSlice]:
    """Group the rows or columns of an LP by the component they belong to."""
    names = np.asarray(components, dtype=object)
    layout: dict[str, ComponentSlice] = {}
    if not len(names):
        return layout
    # The compiler writes each component's rows and columns together: find the runs.
    starts = np.flatnonzero(np.concatenate([[True], names[1:] != names[:-1]]))
    ends = np.append(starts[1:], len(names))
    runs: dict[str, list[np.ndarray]] = {}
    for start, end in zip(starts, ends, strict=True):
        runs.setdefault(str(names[start]), []).append(np.arange(start, end))
    for name, parts in runs.items():
        positions = np.concatenate(parts)
        keys = [indices[position] for position in positions]
        index = (
            pd.MultiIndex.from_tuples(keys)
            if keys and isinstance(keys[0], tuple)
            else pd.Index(keys)
        )
        layout[name] = ComponentSlice(positions, index)
    return layout
