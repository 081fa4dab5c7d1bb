//! The Python face of the markup lexer (`lexer.rs`): `LexerRules`, built once from the
//! vocabulary, and `MarkupLexer`, one per document. The unwrap pass feeds it line by line and
//! reads its state at each line break; the tokens cross the boundary once, at the end, as a
//! list of `(kind, start, end)` tuples (the form `cleantext.markup.text` reads).

use std::ffi::c_char;
use std::sync::Arc;

use pyo3::exceptions::PyValueError;
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString, PyTuple};

use crate::lexer::{self, Kind};

/// A Python str of code points (lone surrogates included).
fn py_str<'py>(py: Python<'py>, cps: &[u32]) -> PyResult<Bound<'py, PyString>> {
    let bytes: Vec<u8> = cps.iter().flat_map(|c| c.to_le_bytes()).collect();
    // Little-endian given explicitly: with 0, a leading U+FEFF would be read as a byte order
    // mark and dropped.
    let mut order: std::ffi::c_int = -1;
    // SAFETY: the pointer and length describe `bytes`, alive for the call; the error handler
    // is a NUL-terminated static string.
    let obj = unsafe {
        let ptr = ffi::PyUnicode_DecodeUTF32(
            bytes.as_ptr() as *const c_char,
            bytes.len() as ffi::Py_ssize_t,
            c"surrogatepass".as_ptr(),
            &mut order,
        );
        Bound::from_owned_ptr_or_err(py, ptr)?
    };
    Ok(obj.cast_into::<PyString>()?)
}

/// The lexer's vocabulary: lower-case ASCII names.
#[pyclass(frozen, module = "cleantext._core")]
pub struct LexerRules {
    rules: Arc<lexer::Rules>,
}

#[pymethods]
impl LexerRules {
    #[new]
    fn new(
        known_tags: Vec<String>,
        raw_tags: Vec<String>,
        css_attrs: Vec<String>,
    ) -> PyResult<Self> {
        fn refs(v: &[String]) -> Vec<&str> {
            v.iter().map(String::as_str).collect()
        }
        let rules = lexer::Rules::new(&refs(&known_tags), &refs(&raw_tags), &refs(&css_attrs))
            .map_err(PyValueError::new_err)?;
        Ok(LexerRules {
            rules: Arc::new(rules),
        })
    }
}

/// The linear HTML lexer of one document, fed piece by piece.
#[pyclass(module = "cleantext._core")]
pub struct MarkupLexer {
    lexer: lexer::Lexer,
}

#[pymethods]
impl MarkupLexer {
    #[classattr]
    const TEXT: u8 = lexer::TEXT;
    #[classattr]
    const TAG: u8 = lexer::TAG;
    #[classattr]
    const DQ: u8 = lexer::DQ;
    #[classattr]
    const SQ: u8 = lexer::SQ;
    #[classattr]
    const COMMENT: u8 = lexer::COMMENT;
    #[classattr]
    const BOGUS: u8 = lexer::BOGUS;
    #[classattr]
    const RAW: u8 = lexer::RAW;

    #[new]
    fn new(rules: &LexerRules) -> Self {
        MarkupLexer {
            lexer: lexer::Lexer::new(Arc::clone(&rules.rules)),
        }
    }

    /// Lexes `piece`, the next part of the logical text, as far as it can.
    fn feed(&mut self, piece: &Bound<'_, PyString>) -> PyResult<()> {
        let cps = crate::code_points(piece)?;
        self.lexer.feed(&cps);
        Ok(())
    }

    /// The end of the input: settles what never closed.
    fn finish(&mut self) {
        self.lexer.finish();
    }

    #[getter]
    fn mode(&self) -> u8 {
        self.lexer.mode()
    }

    /// The attribute whose quoted value was opened last, lower-cased (`str.lower`).
    #[getter]
    fn quote_attr<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_str(py, self.lexer.quote_attr())?.call_method0("lower")
    }

    fn pending_lt(&self) -> bool {
        self.lexer.pending_lt()
    }

    fn tag_so_far<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyString>> {
        py_str(py, self.lexer.tag_so_far())
    }

    fn quoted_so_far<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyString>> {
        py_str(py, self.lexer.quoted_so_far())
    }

    /// The tokens so far: `(kind, start, end)` with kind `text`, `tag`, `comment` or `raw`.
    fn tokens<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let kinds = [
            pyo3::intern!(py, "text"),
            pyo3::intern!(py, "tag"),
            pyo3::intern!(py, "comment"),
            pyo3::intern!(py, "raw"),
        ];
        let items = self
            .lexer
            .tokens()
            .iter()
            .map(|t| {
                let kind = match t.kind {
                    Kind::Text => &kinds[0],
                    Kind::Tag => &kinds[1],
                    Kind::Comment => &kinds[2],
                    Kind::Raw => &kinds[3],
                };
                (Bound::clone(kind), t.start, t.end).into_pyobject(py)
            })
            .collect::<PyResult<Vec<Bound<'py, PyTuple>>>>()?;
        PyList::new(py, items)
    }
}

/// The word-character ranges the lexer uses (inclusive), for the test against `regex`'s `\w`.
#[pyfunction]
fn word_ranges() -> Vec<(u32, u32)> {
    crate::word::WORD_RANGES.to_vec()
}

/// Adds the lexer's classes to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(word_ranges, m)?)?;
    m.add_class::<LexerRules>()?;
    m.add_class::<MarkupLexer>()?;
    Ok(())
}
