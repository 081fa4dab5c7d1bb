//! `cleantext._core`: the compiled core of cleantext.
//!
//! Each step's rules live in a pure module working on code points (`u32`, so offsets are
//! Python's string indices and lone surrogates pass through); this file only moves text and
//! edits across the Python boundary. The step's data tables come from Python (chardata) when
//! the step is built, so there is one copy of them. A step returns its edits on one line as
//! `(start, end, replacement, reason)` tuples; the Python wrappers in `cleantext.characters`
//! make `Edit` records of them and turn a Rust panic (`PanicException`) into
//! `CleantextError` naming the step.

mod han;
mod invisible;
mod lexer;
mod lexer_py;
mod width;
mod word;

use pyo3::exceptions::PyValueError;
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyTuple};

/// A line's code points, read with one copy (the stable ABI has no view of a str's buffer).
fn code_points(text: &Bound<'_, PyString>) -> PyResult<Vec<u32>> {
    let py = text.py();
    // SAFETY: `text` is a live str; the buffer has room for `n` code points and no NUL is
    // copied (`copy_null = 0`), so PyUnicode_AsUCS4 writes exactly `n` values.
    unsafe {
        let n = ffi::PyUnicode_GetLength(text.as_ptr());
        if n < 0 {
            return Err(PyErr::fetch(py));
        }
        let mut buf: Vec<u32> = Vec::with_capacity(n as usize);
        if n > 0 {
            if ffi::PyUnicode_AsUCS4(text.as_ptr(), buf.as_mut_ptr(), n, 0).is_null() {
                return Err(PyErr::fetch(py));
            }
            buf.set_len(n as usize);
        }
        Ok(buf)
    }
}

/// The code point of a table key that must be exactly one character.
fn one_char(key: &Bound<'_, PyAny>) -> PyResult<u32> {
    let key: String = key.extract()?;
    let mut it = key.chars();
    let (Some(c), None) = (it.next(), it.next()) else {
        return Err(PyValueError::new_err(format!(
            "{key:?} is not one character"
        )));
    };
    Ok(c as u32)
}

fn chars_of(text: &str) -> Vec<u32> {
    text.chars().map(|c| c as u32).collect()
}

/// One edit as Python sees it.
type PyEdit<'py> = (usize, usize, Bound<'py, PyString>, Bound<'py, PyString>);

/// The rules of `remove_invisible_chars`, built once from chardata's tables.
#[pyclass(frozen, module = "cleantext._core")]
struct InvisibleChars {
    rules: invisible::Invisible,
    /// The reason of each table entry, in the table's order.
    reasons: Vec<Py<PyString>>,
    /// `control character U+XXXX`, by code point (C0 and C1).
    control_reasons: Vec<Py<PyString>>,
    carriage_return: Py<PyString>,
    joiner: Py<PyString>,
}

#[pymethods]
impl InvisibleChars {
    /// `table`: invisible character → reason; `line_spaces`: the whitespace but `\n`.
    #[new]
    fn new(py: Python<'_>, table: &Bound<'_, PyDict>, line_spaces: &str) -> PyResult<Self> {
        let mut chars = Vec::new();
        let mut reasons = Vec::new();
        for (key, reason) in table.iter() {
            let c = one_char(&key)?;
            chars.push(c);
            reasons.push(reason.cast_into::<PyString>()?.unbind());
        }
        let rules = invisible::Invisible::new(&chars, &chars_of(line_spaces))
            .map_err(PyValueError::new_err)?;
        let control_reasons = (0..0xA0u32)
            .map(|c| PyString::new(py, &format!("control character U+{c:04X}")).unbind())
            .collect();
        Ok(InvisibleChars {
            rules,
            reasons,
            control_reasons,
            carriage_return: PyString::new(py, "carriage return").unbind(),
            joiner: PyString::new(py, "zero-width joiner outside emoji").unbind(),
        })
    }

    /// The edits on one line (no line break in it).
    fn edits<'py>(&self, text: &Bound<'py, PyString>) -> PyResult<Vec<PyEdit<'py>>> {
        let py = text.py();
        let cps = code_points(text)?;
        let edits = self.rules.edits(&cps);
        Ok(edits
            .into_iter()
            .map(|e| {
                let reason = match e.reason {
                    invisible::Reason::Table(i) => &self.reasons[i],
                    invisible::Reason::CarriageReturn => &self.carriage_return,
                    invisible::Reason::Control(c) => &self.control_reasons[c as usize],
                    invisible::Reason::Joiner => &self.joiner,
                };
                (
                    e.start,
                    e.end,
                    PyString::new(py, e.replacement),
                    reason.bind(py).clone(),
                )
            })
            .collect())
    }
}

/// The rules of `normalize_width`, built once from chardata's tables.
#[pyclass(frozen, module = "cleantext._core")]
struct WidthRules {
    rules: width::Width,
    /// Reasons by rule, in the order of `width::Reason`.
    reasons: [Py<PyString>; 5],
}

#[pymethods]
impl WidthRules {
    /// `number_marks`, `word_marks`: full-width marks made ASCII inside a number or a word;
    /// `half_cjk`: half-width CJK punctuation → its full-width form.
    #[new]
    fn new(
        py: Python<'_>,
        number_marks: &str,
        word_marks: &str,
        half_cjk: &Bound<'_, PyDict>,
    ) -> PyResult<Self> {
        let mut table = Vec::new();
        for (key, value) in half_cjk.iter() {
            let c = one_char(&key)?;
            table.push((c, value.extract::<String>()?));
        }
        let rules = width::Width::new(&chars_of(number_marks), &chars_of(word_marks), table)
            .map_err(PyValueError::new_err)?;
        let reasons = [
            "full-width digit or letter",
            "full-width mark inside a number",
            "full-width mark inside a word",
            "full-width percent sign after a number",
            "half-width CJK punctuation",
        ]
        .map(|r| PyString::new(py, r).unbind());
        Ok(WidthRules { rules, reasons })
    }

    /// The edits on one line, rule after rule (as the Python step listed them).
    fn edits<'py>(&self, text: &Bound<'py, PyString>) -> PyResult<Vec<PyEdit<'py>>> {
        let py = text.py();
        let cps = code_points(text)?;
        let edits = self.rules.edits(&cps);
        Ok(edits
            .into_iter()
            .map(|e| {
                let reason = &self.reasons[e.reason as usize];
                (
                    e.start,
                    e.end,
                    PyString::new(py, &e.replacement),
                    reason.bind(py).clone(),
                )
            })
            .collect())
    }
}

/// The Han ranges the core uses (inclusive), for the test against `regex`'s `\p{Han}`.
#[pyfunction]
fn han_ranges() -> Vec<(u32, u32)> {
    han::HAN_RANGES.to_vec()
}

/// Panics: for the test that a panic in the core becomes `CleantextError` naming the step.
#[pyfunction]
#[pyo3(signature = (*_args))]
fn _panic_for_test(_args: &Bound<'_, PyTuple>) -> PyResult<()> {
    panic!("deliberate panic for a test");
}

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<InvisibleChars>()?;
    m.add_class::<WidthRules>()?;
    m.add_function(wrap_pyfunction!(han_ranges, m)?)?;
    lexer_py::register(m)?;
    m.add_function(wrap_pyfunction!(_panic_for_test, m)?)?;
    // What a panic in the core raises (a BaseException): the wrappers catch it by this name.
    m.add(
        "PanicException",
        m.py().get_type::<pyo3::panic::PanicException>(),
    )?;
    Ok(())
}
