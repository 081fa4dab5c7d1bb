//! `cleantext._core`: the compiled core of cleantext.
//!
//! Each step's rules live in a pure module working on code points (`u32`, so offsets are
//! Python's string indices and lone surrogates pass through); this file only moves text and
//! edits across the Python boundary. The step's data tables come from Python (chardata) when
//! the step is built, so there is one copy of them. A step returns its edits on one line as
//! `(start, end, replacement, reason)` tuples; the Python wrappers in `cleantext.characters`
//! make `Edit` records of them and turn a Rust panic (`PanicException`) into
//! `CleantextError` naming the step.

mod cohesion;
mod crf;
mod cue;
mod features;
mod han;
mod invisible;
mod lexer;
mod lexer_py;
mod measure;
// spacing steps (normalize_whitespace, collapse_letter_spacing, remove_column_spaces):
// module and `SpacingRules` below.
mod spacing;
mod wcwidth;
mod width;
mod word;

use pyo3::exceptions::PyValueError;
use pyo3::ffi;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFrozenSet, PyString, PyTuple};
use std::collections::HashMap;

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

/// One edit as the step wrappers read it; the reason strings are built once per rule set.
fn py_edit<'py>(
    py: Python<'py>,
    (start, end): (usize, usize),
    replacement: &str,
    reason: &Py<PyString>,
) -> PyEdit<'py> {
    (
        start,
        end,
        PyString::new(py, replacement),
        reason.bind(py).clone(),
    )
}

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
                py_edit(py, (e.start, e.end), e.replacement, reason)
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
                py_edit(
                    py,
                    (e.start, e.end),
                    &e.replacement,
                    &self.reasons[e.reason as usize],
                )
            })
            .collect())
    }
}

/// A linear-chain CRF of the line model (`cleantext.model.LineModel`), built once from its
/// weights.
#[pyclass(frozen, module = "cleantext._core")]
struct Crf {
    crf: crf::Crf,
}

/// `require` as the CRF reads it: (line, label prefix) pairs.
fn required(require: Option<&Bound<'_, PyDict>>) -> PyResult<Vec<(usize, String)>> {
    let Some(require) = require else {
        return Ok(Vec::new());
    };
    require
        .iter()
        .map(|(k, v)| Ok((k.extract::<usize>()?, v.extract::<String>()?)))
        .collect()
}

impl Crf {
    fn decode_em(
        &self,
        em: Vec<f64>,
        require: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Vec<String>> {
        let path = self
            .crf
            .decode(em, &required(require)?)
            .map_err(pyo3::exceptions::PyIndexError::new_err)?;
        let labels = self.crf.labels();
        Ok(path.into_iter().map(|k| labels[k].clone()).collect())
    }

    fn marginals_em(&self, em: &[f64]) -> Vec<Vec<f64>> {
        let n = self.crf.labels().len().max(1);
        self.crf
            .marginals(em)
            .chunks(n)
            .map(<[f64]>::to_vec)
            .collect()
    }
}

#[pymethods]
impl Crf {
    /// `transitions[a][b]`: the weight of label `b` after label `a`; `weights`: feature name
    /// → (label index, weight) pairs.
    #[new]
    fn new(
        labels: Vec<String>,
        transitions: Vec<Vec<f64>>,
        weights: HashMap<String, Vec<(usize, f64)>>,
    ) -> PyResult<Self> {
        let crf = crf::Crf::new(labels, transitions, weights).map_err(PyValueError::new_err)?;
        Ok(Crf { crf })
    }

    /// The most likely labels of lines given their features (Viterbi).
    #[pyo3(signature = (features, require = None))]
    fn decode(
        &self,
        features: Vec<Vec<String>>,
        require: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Vec<String>> {
        self.decode_em(self.crf.emissions(&features), require)
    }

    /// Each line's label probabilities, in the order of the labels.
    fn marginals(&self, features: Vec<Vec<String>>) -> Vec<Vec<f64>> {
        self.marginals_em(&self.crf.emissions(&features))
    }
}

/// The rules of `roles.segment_cue` (see `cue.rs`), built once from the word lists.
#[pyclass(frozen, module = "cleantext._core")]
struct CueRules {
    rules: cue::CueRules,
}

/// A cue as Python's `SegmentCue` takes it: kind, boxed, lead, jump, brief.
type PyCue<'py> = (
    &'static str,
    bool,
    Option<Bound<'py, PyString>>,
    Option<Bound<'py, PyString>>,
    bool,
);

/// `text[start..end]` of a Python str (code point offsets).
fn substring<'py>(
    text: &Bound<'py, PyString>,
    start: usize,
    end: usize,
) -> PyResult<Bound<'py, PyString>> {
    let py = text.py();
    // SAFETY: `text` is a live str and the offsets are within it (they come from its code
    // points); PyUnicode_Substring returns a new reference or NULL with an exception set.
    unsafe {
        let ptr = ffi::PyUnicode_Substring(
            text.as_ptr(),
            start as ffi::Py_ssize_t,
            end as ffi::Py_ssize_t,
        );
        Ok(Bound::from_owned_ptr_or_err(py, ptr)?.cast_into::<PyString>()?)
    }
}

/// The hints the cue reads: (bullet, caption, bold).
fn cue_hints(hints: &Bound<'_, PyFrozenSet>) -> PyResult<(bool, bool, bool)> {
    let py = hints.py();
    Ok((
        hints.contains(intern!(py, "bullet"))?,
        hints.contains(intern!(py, "caption"))?,
        hints.contains(intern!(py, "bold"))?,
    ))
}

#[pymethods]
impl CueRules {
    /// `byline_words`: data/byline_roles.txt; `brief_words`: data/brief_markers.txt;
    /// `surnames`: the surnames a line of bare names must start with.
    #[new]
    fn new(byline_words: Vec<String>, brief_words: Vec<String>, surnames: &str) -> Self {
        CueRules {
            rules: cue::CueRules::new(&byline_words, &brief_words, surnames),
        }
    }

    /// The cue of a block: its text (not stripped), `Role.value`, level and hints.
    fn cue<'py>(
        &self,
        text: &Bound<'py, PyString>,
        role: &str,
        level: i64,
        hints: &Bound<'py, PyFrozenSet>,
    ) -> PyResult<PyCue<'py>> {
        let cps = code_points(text)?;
        let stripped = cue::py_strip(&cps);
        // The offset of the stripped text in the text.
        let offset = if stripped.is_empty() {
            0
        } else {
            stripped.as_ptr() as usize / 4 - cps.as_ptr() as usize / 4
        };
        let (bullet, caption, bold) = cue_hints(hints)?;
        let facts = cue::BlockFacts {
            role,
            level,
            bullet,
            caption,
            bold,
        };
        let c = self.rules.cue(stripped, &facts);
        let span = |s: Option<(usize, usize)>| -> PyResult<Option<Bound<'py, PyString>>> {
            s.map(|(a, b)| substring(text, offset + a, offset + b))
                .transpose()
        };
        Ok((c.kind, c.boxed, span(c.lead)?, span(c.jump)?, c.brief))
    }
}

/// The features of the line model for a page of lines (see `features.rs`), measured here.
#[pyclass(frozen, module = "cleantext._core")]
struct ModelFeatures {
    cues: Py<CueRules>,
    measure: Py<LineMeasure>,
}

impl ModelFeatures {
    /// A page's lines: each `(block index, stripped text, Role.value, level, hints)`,
    /// measured and given their cue here (no line's features cross to Python).
    fn lines(&self, lines: &Bound<'_, PyAny>) -> PyResult<Vec<features::Line>> {
        let rules = &self.cues.get().rules;
        let measure = &self.measure.get().rules;
        let mut out = Vec::new();
        for item in lines.try_iter()? {
            let item = item?.cast_into::<PyTuple>()?;
            let text = item.get_item(1)?.cast_into::<PyString>()?;
            let hints = item.get_item(4)?;
            let hints = hints.cast::<PyFrozenSet>()?;
            let level: i64 = item.get_item(3)?.extract()?;
            let role = item.get_item(2)?;
            let role = role.cast::<PyString>()?.to_str()?;
            let cps = code_points(&text)?;
            let f = measure.measure(&cps);
            let (bullet, caption, bold) = cue_hints(hints)?;
            let facts = cue::BlockFacts {
                role,
                level,
                bullet,
                caption,
                bold,
            };
            let cue = rules.cue(&cps, &facts);
            out.push(features::Line {
                width: f.width,
                sentence_marks: f.sentence_marks,
                list_marks: f.list_marks,
                open_depth: f.open_depth,
                // In the order of `features::FLAGS`.
                flags: [
                    f.ends_final,
                    f.ends_pause,
                    f.ends_colon,
                    f.ends_closer,
                    f.starts_no_line_start,
                    f.starts_opener,
                    f.starts_latin,
                    f.spaced,
                    f.ends_with_number,
                    f.ends_latin,
                    f.byline,
                    f.credit,
                    f.caption,
                    f.dateline,
                    f.numbering,
                    f.jump,
                    f.jump_only,
                    f.editor,
                    f.source,
                    f.brief,
                    f.markup_debris,
                    f.subtitle,
                ],
                text: cps,
                level,
                hints: hints.iter().map(|h| h.extract()).collect::<PyResult<_>>()?,
                cue_kind: cue.kind,
                boxed: cue.boxed,
                lead: cue.lead.is_some(),
                jump: cue.jump.is_some(),
                brief: cue.brief,
                index: item.get_item(0)?.extract()?,
            });
        }
        Ok(out)
    }

    fn page(&self, lines: &Bound<'_, PyAny>, wrap_width: i64) -> PyResult<Vec<Vec<String>>> {
        let lines = self.lines(lines)?;
        features::page_features(&lines, wrap_width, |k| {
            Ok::<_, PyErr>(measure::first_word_width(&lines[k].text))
        })
    }

    /// The label scores of a page's lines, weighed feature by feature (no string built for
    /// a feature: its name is put together in one buffer).
    fn emissions(
        &self,
        crf: &Crf,
        lines: &Bound<'_, PyAny>,
        wrap_width: i64,
    ) -> PyResult<Vec<f64>> {
        let lines = self.lines(lines)?;
        let n = crf.crf.labels().len();
        let mut em = vec![0.0; lines.len() * n];
        let mut name = String::new();
        features::emit_page_features(
            &lines,
            wrap_width,
            |k| Ok::<_, PyErr>(measure::first_word_width(&lines[k].text)),
            |k, prefix, feature| {
                name.clear();
                name.push_str(prefix);
                name.push_str(feature);
                crf.crf.weigh(&mut em[k * n..(k + 1) * n], &name);
            },
        )?;
        Ok(em)
    }
}

#[pymethods]
impl ModelFeatures {
    /// `cues`: the rules of `roles.segment_cue`; `measure`: those of `roles.text_features`.
    #[new]
    fn new(cues: Py<CueRules>, measure: Py<LineMeasure>) -> Self {
        ModelFeatures { cues, measure }
    }

    /// The features of a page's non-blank lines, each given as `(block index, stripped
    /// text, Role.value, level, hints)`; `wrap_width`: the page's (0 if none).
    fn features(&self, lines: &Bound<'_, PyAny>, wrap_width: i64) -> PyResult<Vec<Vec<String>>> {
        self.page(lines, wrap_width)
    }

    /// `crf.marginals` of the features of a page's lines (no feature reaches Python).
    fn marginals(
        &self,
        crf: &Crf,
        lines: &Bound<'_, PyAny>,
        wrap_width: i64,
    ) -> PyResult<Vec<Vec<f64>>> {
        Ok(crf.marginals_em(&self.emissions(crf, lines, wrap_width)?))
    }

    /// `crf.decode` of the features of a page's lines; `require` by line position.
    #[pyo3(signature = (crf, lines, wrap_width, require = None))]
    fn decode(
        &self,
        crf: &Crf,
        lines: &Bound<'_, PyAny>,
        wrap_width: i64,
        require: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Vec<String>> {
        crf.decode_em(self.emissions(crf, lines, wrap_width)?, require)
    }
}

/// The line measure of `roles.text_features` and the page measure of `roles.page_context`
/// (see `measure.rs`), built once from their word lists.
#[pyclass(frozen, module = "cleantext._core")]
struct LineMeasure {
    rules: measure::Measure,
    /// The hints of a line measured alone (an empty frozenset, shared).
    no_hints: Py<PyFrozenSet>,
}

/// A page's stripped, non-blank lines as code points.
fn page_lines(lines: &Bound<'_, PyAny>) -> PyResult<Vec<Vec<u32>>> {
    lines
        .try_iter()?
        .map(|t| code_points(&t?.cast_into::<PyString>()?))
        .collect()
}

#[pymethods]
impl LineMeasure {
    /// `classifiers`: data/role_classifiers.txt; `surnames`: data/role_surnames.txt's
    /// characters; `byline_words`: data/byline_roles.txt.
    #[new]
    fn new(
        py: Python<'_>,
        classifiers: Vec<String>,
        surnames: &str,
        byline_words: Vec<String>,
    ) -> PyResult<Self> {
        Ok(LineMeasure {
            rules: measure::Measure::new(&classifiers, surnames, &byline_words),
            no_hints: PyFrozenSet::empty(py)?.unbind(),
        })
    }

    /// The fields of `roles.LineFeatures` of a stripped line, in their order (text, width,
    /// relative width 0.0, level 0, no hints, then the measured ones).
    fn measure<'py>(&self, text: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyTuple>> {
        let py = text.py();
        let f = self.rules.measure(&code_points(text)?);
        let fields: [Bound<'py, PyAny>; 30] = [
            text.clone().into_any(),
            f.width.into_pyobject(py)?.into_any(),
            0.0f64.into_pyobject(py)?.into_any(),
            0i64.into_pyobject(py)?.into_any(),
            self.no_hints.bind(py).clone().into_any(),
            PyBool::new(py, f.ends_final).to_owned().into_any(),
            PyBool::new(py, f.ends_pause).to_owned().into_any(),
            PyBool::new(py, f.ends_colon).to_owned().into_any(),
            PyBool::new(py, f.ends_closer).to_owned().into_any(),
            f.open_depth.into_pyobject(py)?.into_any(),
            PyBool::new(py, f.starts_no_line_start)
                .to_owned()
                .into_any(),
            PyBool::new(py, f.starts_opener).to_owned().into_any(),
            PyBool::new(py, f.starts_latin).to_owned().into_any(),
            f.sentence_marks.into_pyobject(py)?.into_any(),
            f.list_marks.into_pyobject(py)?.into_any(),
            PyBool::new(py, f.spaced).to_owned().into_any(),
            PyBool::new(py, f.ends_with_number).to_owned().into_any(),
            PyBool::new(py, f.ends_latin).to_owned().into_any(),
            PyBool::new(py, f.byline).to_owned().into_any(),
            PyBool::new(py, f.credit).to_owned().into_any(),
            PyBool::new(py, f.caption).to_owned().into_any(),
            PyBool::new(py, f.dateline).to_owned().into_any(),
            PyBool::new(py, f.numbering).to_owned().into_any(),
            PyBool::new(py, f.jump).to_owned().into_any(),
            PyBool::new(py, f.jump_only).to_owned().into_any(),
            PyBool::new(py, f.editor).to_owned().into_any(),
            PyBool::new(py, f.source).to_owned().into_any(),
            PyBool::new(py, f.brief).to_owned().into_any(),
            PyBool::new(py, f.markup_debris).to_owned().into_any(),
            PyBool::new(py, f.subtitle).to_owned().into_any(),
        ];
        PyTuple::new(py, fields)
    }

    /// `roles.display_width`.
    fn width(&self, text: &Bound<'_, PyString>) -> PyResult<i64> {
        Ok(wcwidth::display_width(&code_points(text)?))
    }

    /// `roles._first_word_width`.
    fn first_word_width(&self, text: &Bound<'_, PyString>) -> PyResult<i64> {
        Ok(measure::first_word_width(&code_points(text)?))
    }

    /// `roles.count_broken_lines` of stripped, non-blank lines.
    fn broken_lines(&self, lines: &Bound<'_, PyAny>) -> PyResult<i64> {
        Ok(self.rules.broken_lines(&page_lines(lines)?))
    }

    /// `roles.page_context` of a page's stripped, non-blank lines and their markup levels:
    /// (body width, wrap width, broken lines, wrap width in characters).
    fn page(&self, lines: &Bound<'_, PyAny>, levels: Vec<i64>) -> PyResult<(i64, i64, i64, i64)> {
        let lines = page_lines(lines)?;
        if levels.len() != lines.len() {
            return Err(PyValueError::new_err("one level per line"));
        }
        Ok(self.rules.page(&lines, &levels))
    }
}

/// The widths the core uses (inclusive ranges of width 0 or 2), for the test against
/// `wcwidth`.
#[pyfunction]
fn width_ranges() -> Vec<(u32, u32, u8)> {
    wcwidth::WIDTH_RANGES.to_vec()
}

/// The character tables of the cue (`regex`'s `\\d`, `\\s`; `str.isspace`), for the tests.
#[pyfunction]
fn cue_tables() -> (Vec<(u32, u32)>, Vec<u32>, Vec<u32>) {
    (
        cue::DIGITS.to_vec(),
        cue::RE_SPACES.to_vec(),
        cue::PY_SPACES.to_vec(),
    )
}

/// Python's `str.isdigit` as the core has it, for the test against Python.
#[pyfunction]
fn digit_ranges() -> Vec<(u32, u32)> {
    features::DIGIT_RANGES.to_vec()
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

/// The lexical cohesion of one page (`segment._Cohesion` delegates to it), built once from
/// each line's runs of Han characters as `segment._HAN_RUN` finds them.
#[pyclass(module = "cleantext._core")]
struct Cohesion {
    inner: cohesion::Cohesion,
}

impl Cohesion {
    fn check(&self, lines: &[usize]) -> PyResult<()> {
        match lines.iter().find(|&&l| l >= self.inner.len()) {
            Some(l) => Err(PyValueError::new_err(format!("no line {l}"))),
            None => Ok(()),
        }
    }
}

#[pymethods]
impl Cohesion {
    #[new]
    fn new(runs: Vec<Vec<Bound<'_, PyString>>>) -> PyResult<Self> {
        let runs = runs
            .iter()
            .map(|line| line.iter().map(code_points).collect::<PyResult<Vec<_>>>())
            .collect::<PyResult<Vec<_>>>()?;
        Ok(Cohesion {
            inner: cohesion::Cohesion::new(&runs),
        })
    }

    fn between(&mut self, left: Vec<usize>, right: Vec<usize>) -> PyResult<f64> {
        self.check(&left)?;
        self.check(&right)?;
        Ok(self.inner.between(&left, &right))
    }

    fn below(&mut self, left: Vec<usize>, right: Vec<usize>, limit: f64) -> PyResult<bool> {
        self.check(&left)?;
        self.check(&right)?;
        Ok(self.inner.below(&left, &right, limit))
    }

    fn containment(&mut self, line: usize, lines: Vec<usize>) -> PyResult<f64> {
        self.check(&[line])?;
        self.check(&lines)?;
        Ok(self.inner.containment(line, &lines))
    }
}

// --- remove_repeated_fragments (dedup.rs) and flag_noise_lines (noise.rs) -------------------------

mod dedup;

/// The rules of `remove_repeated_fragments`, built once with data/reduplication_allow.txt.
#[pyclass(frozen, module = "cleantext._core")]
struct RepeatedFragments {
    rules: dedup::Repeats,
}

#[pymethods]
impl RepeatedFragments {
    /// `allowed`: the fragments repeated on purpose (chants, slogans).
    #[new]
    fn new(allowed: Vec<String>) -> Self {
        RepeatedFragments {
            rules: dedup::Repeats::new(&allowed),
        }
    }

    /// The removals on one line as `(start, end, rule, shown)`: the wrapper's reason for
    /// `rule` (0 separated, 1 tandem, 2 read again) shows `text[start:shown]`.
    fn edits(&self, text: &Bound<'_, PyString>) -> PyResult<Vec<(usize, usize, u8, usize)>> {
        let cps = code_points(text)?;
        Ok(self
            .rules
            .edits(&cps)
            .into_iter()
            .map(|e| (e.start, e.end, e.rule as u8, e.shown))
            .collect())
    }
}

/// `regex`'s `[\p{P}\p{S}]` as the core has it, for the test against `regex`.
#[pyfunction]
fn punct_symbol_ranges() -> Vec<(u32, u32)> {
    dedup::PUNCT_SYMBOL_RANGES.to_vec()
}

mod noise;

/// `flag_noise_lines`: whether each candidate line `(start, length)` of the page is a garbled
/// echo of a phrase elsewhere on it (`linewrap._garbled_echo` with `_bigram_index`).
#[pyfunction]
fn garbled_echoes(
    page: &Bound<'_, PyString>,
    candidates: Vec<(usize, usize)>,
) -> PyResult<Vec<bool>> {
    let page = code_points(page)?;
    if let Some(&(s, n)) = candidates
        .iter()
        .find(|&&(s, n)| s.checked_add(n).is_none_or(|e| e > page.len()))
    {
        return Err(PyValueError::new_err(format!(
            "no line ({s}, {n}) on the page"
        )));
    }
    Ok(noise::garbled_echoes(&page, &candidates))
}

fn register_dedup(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<RepeatedFragments>()?;
    m.add_function(wrap_pyfunction!(garbled_echoes, m)?)?;
    m.add_function(wrap_pyfunction!(punct_symbol_ranges, m)?)?;
    Ok(())
}

// --- end of remove_repeated_fragments and flag_noise_lines ----------------------------------------

// --- spacing steps (normalize_whitespace, collapse_letter_spacing, remove_column_spaces) ---

/// The per-line rules of `cleantext.spacing` (see `spacing.rs`), built once from the byline
/// role words of data/ and the punctuation tables of `spacing.py` / chardata.
#[pyclass(frozen, module = "cleantext._core")]
struct SpacingRules {
    rules: spacing::Spacing,
}

#[pymethods]
impl SpacingRules {
    /// `roles`: the byline role words made of Han characters; `cjk_punct`: chardata's;
    /// `no_space_before` / `no_space_after`: the marks a space beside Chinese text goes at;
    /// `line_spaces`: chardata's whitespace but the line break.
    #[new]
    fn new(
        roles: Vec<String>,
        cjk_punct: &str,
        no_space_before: &str,
        no_space_after: &str,
        line_spaces: &str,
    ) -> Self {
        let roles: Vec<Vec<u32>> = roles.iter().map(|w| chars_of(w)).collect();
        SpacingRules {
            rules: spacing::Spacing::new(
                &roles,
                &chars_of(cjk_punct),
                &chars_of(no_space_before),
                &chars_of(no_space_after),
                &chars_of(line_spaces),
            ),
        }
    }

    /// What `normalize_whitespace` does on a page's lines: `(line, start, end, kind)`, kind
    /// 0 a blank line, 1 leading / 2 trailing whitespace, 3 a space beside Chinese
    /// punctuation, 4 odd or repeated whitespace (becomes one space).
    fn whitespace(&self, lines: &Bound<'_, PyAny>) -> PyResult<Vec<(usize, usize, usize, u8)>> {
        let mut out = Vec::new();
        let mut found = Vec::new();
        for (i, line) in lines.try_iter()?.enumerate() {
            let line = line?;
            found.clear();
            self.rules
                .whitespace(&code_points(line.cast::<PyString>()?)?, &mut found);
            out.extend(found.iter().map(|&(s, e, kind)| (i, s, e, kind as u8)));
        }
        Ok(out)
    }

    /// The spaces `collapse_letter_spacing` removes from a line, in order.
    fn letter_spacing(&self, text: &Bound<'_, PyString>) -> PyResult<Vec<usize>> {
        Ok(self.rules.letter_spacing(&code_points(text)?))
    }

    /// A line's own periods for `remove_column_spaces`: (by display width, by characters).
    fn periods(&self, text: &Bound<'_, PyString>) -> PyResult<(Option<f64>, Option<f64>)> {
        Ok(self.rules.periods(&code_points(text)?))
    }

    /// `_own_period` of the reference (for the differential tests).
    fn own_period(&self, text: &Bound<'_, PyString>, uniform: bool) -> PyResult<Option<f64>> {
        Ok(self.rules.own_period(&code_points(text)?, uniform))
    }

    /// `_anchored_period` of the reference (for the differential tests).
    fn anchored_period(&self, text: &Bound<'_, PyString>) -> PyResult<Option<f64>> {
        Ok(self.rules.anchored_period(&code_points(text)?))
    }

    /// The column spaces of a line for one of `periods` (in order) and that period.
    fn column_spaces(
        &self,
        text: &Bound<'_, PyString>,
        periods: Vec<f64>,
        uniform: bool,
    ) -> PyResult<(Vec<usize>, f64)> {
        Ok(self
            .rules
            .column_spaces(&code_points(text)?, &periods, uniform))
    }

    /// `_beside_latin`: the space at `at` touches Latin text or a writer's spaced number.
    fn beside_latin(&self, text: &Bound<'_, PyString>, at: usize) -> PyResult<bool> {
        let cps = code_points(text)?;
        if at == 0 || at + 1 >= cps.len() {
            return Err(PyValueError::new_err("no character on each side"));
        }
        Ok(spacing::beside_latin(&cps, at))
    }

    /// `_columns` of the reference: where each character starts (display or uniform).
    #[staticmethod]
    fn columns(text: &Bound<'_, PyString>, uniform: bool) -> PyResult<Vec<i64>> {
        Ok(spacing::columns(&code_points(text)?, uniform))
    }
}

fn register_spacing(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<SpacingRules>()
}

// --- end of spacing steps --------------------------------------------------------------------

// --- normalize_punctuation -------------------------------------------------------------------

mod punctuation;

/// A dict of one character to one character (a chardata table).
fn char_map(table: &Bound<'_, PyDict>) -> PyResult<Vec<(u32, u32)>> {
    table
        .iter()
        .map(|(k, v)| Ok((one_char(&k)?, one_char(&v)?)))
        .collect()
}

fn range_dash(name: &str) -> PyResult<punctuation::RangeDash> {
    match name {
        "keep" => Ok(punctuation::RangeDash::Keep),
        "em" => Ok(punctuation::RangeDash::Em),
        "wave" => Ok(punctuation::RangeDash::Wave),
        _ => Err(PyValueError::new_err(format!("no range dash {name:?}"))),
    }
}

/// One edit of `normalize_punctuation`: `(start, end, replacement, kind)`.
type PunctEdit<'py> = (usize, usize, Bound<'py, PyString>, u8);
/// One edit of a block: `(block, start, end, replacement, kind)`.
type BlockEdit<'py> = (usize, usize, usize, Bound<'py, PyString>, u8);

fn punct_edits<'py>(py: Python<'py>, edits: Vec<punctuation::Edit>) -> Vec<PunctEdit<'py>> {
    edits
        .into_iter()
        .map(|e| {
            let replacement = PyString::new(py, &e.replacement.to_text());
            (e.start, e.end, replacement, e.kind as u8)
        })
        .collect()
}

/// The rules of `normalize_punctuation` (see `punctuation.rs`), built once from chardata's
/// tables and the quote contexts of `punctuation.py`.
#[pyclass(frozen, module = "cleantext._core")]
struct PunctuationRules {
    rules: punctuation::Punctuation,
}

#[pymethods]
impl PunctuationRules {
    /// `neutral`: `PUNCT_NEUTRAL`; `fullwidth`, `small_forms`, `corner_quotes`: chardata's
    /// maps; `middle_dots`: `MIDDLE_DOT_VARIANTS`; `before_open` / `after_close`: the
    /// characters after which a quote opens / before which it closes (a line's start and
    /// end count as both); `line_spaces`: chardata's whitespace but the line break.
    #[new]
    #[allow(clippy::too_many_arguments)] // one per table, as `punctuation.py` holds them
    fn new(
        neutral: &str,
        fullwidth: &Bound<'_, PyDict>,
        small_forms: &Bound<'_, PyDict>,
        corner_quotes: &Bound<'_, PyDict>,
        middle_dots: &str,
        before_open: &str,
        after_close: &str,
        line_spaces: &str,
    ) -> PyResult<Self> {
        let rules = punctuation::Punctuation::new(&punctuation::Tables {
            neutral: &chars_of(neutral),
            fullwidth: &char_map(fullwidth)?,
            small_forms: &char_map(small_forms)?,
            corners: &char_map(corner_quotes)?,
            middle_dots: &chars_of(middle_dots),
            before_open: &chars_of(before_open),
            after_close: &chars_of(after_close),
            line_spaces: &chars_of(line_spaces),
        })
        .map_err(PyValueError::new_err)?;
        Ok(PunctuationRules { rules })
    }

    /// Every edit of the step on a page text (lines joined by `\n`), in the rules' order:
    /// `(start, end, replacement, kind)`; the wrapper writes the reason of each kind.
    /// `tables_first`: build the page tables at once instead of when lookups grow costly
    /// (for the tests: both must give the same edits).
    #[pyo3(signature = (text, convert_corners, range_dash, tables_first = false))]
    fn page<'py>(
        &self,
        text: &Bound<'py, PyString>,
        convert_corners: bool,
        range_dash: &str,
        tables_first: bool,
    ) -> PyResult<Vec<PunctEdit<'py>>> {
        let range = self::range_dash(range_dash)?;
        let cps = code_points(text)?;
        let edits = self
            .rules
            .page_edits_with(&cps, convert_corners, range, tables_first);
        Ok(punct_edits(text.py(), edits))
    }

    /// The step's edits on a page's blocks (a sequence of str) as `(block, start, end,
    /// replacement, kind)`, offsets in the block: decided on the blocks joined by line
    /// breaks, every odd space read as a plain one; none crosses a line or only changes a space.
    fn block_edits<'py>(
        &self,
        blocks: &Bound<'py, PyAny>,
        convert_corners: bool,
        range_dash: &str,
    ) -> PyResult<Vec<BlockEdit<'py>>> {
        let py = blocks.py();
        let range = self::range_dash(range_dash)?;
        let mut text = Vec::new();
        let mut bases = Vec::new();
        for (k, block) in blocks.try_iter()?.enumerate() {
            if k > 0 {
                text.push(u32::from(b'\n'));
            }
            bases.push(text.len());
            text.extend(code_points(block?.cast::<PyString>()?)?);
        }
        let edits = self
            .rules
            .block_edits(&text, &bases, convert_corners, range);
        // Few distinct replacements: one str each.
        let mut made: Vec<(punctuation::Replacement, Bound<'py, PyString>)> = Vec::new();
        let mut out = Vec::with_capacity(edits.len());
        for (k, e) in edits {
            let replacement = match made.iter().find(|(r, _)| *r == e.replacement) {
                Some((_, s)) => s.clone(),
                None => {
                    let s = PyString::new(py, &e.replacement.to_text());
                    made.push((e.replacement, s.clone()));
                    s
                }
            };
            out.push((k, e.start, e.end, replacement, e.kind as u8));
        }
        Ok(out)
    }

    /// The edits of one rule (a public function's name) on `text` as it is.
    fn rule<'py>(
        &self,
        name: &str,
        text: &Bound<'py, PyString>,
        range_dash: &str,
    ) -> PyResult<Vec<PunctEdit<'py>>> {
        use punctuation::Rule;
        let rule = match name {
            "convert_ascii_marks" => Rule::AsciiMarks,
            "pair_quotes" => Rule::Quotes,
            "pair_parentheses" => Rule::Parentheses,
            "fix_full_stops" => Rule::FullStops,
            "fix_ellipses" => Rule::Ellipses,
            "fix_dashes" => Rule::Dashes,
            "fix_range_dashes" => Rule::RangeDashes(self::range_dash(range_dash)?),
            "fix_middle_dots" => Rule::MiddleDots,
            "convert_small_forms" => Rule::SmallForms,
            "convert_corner_quotes" => Rule::CornerQuotes,
            _ => return Err(PyValueError::new_err(format!("no rule {name:?}"))),
        };
        let cps = code_points(text)?;
        Ok(punct_edits(text.py(), self.rules.rule_edits(&cps, rule)))
    }

    /// `find_punctuation_problems`: the positions of unpaired double quotes, single quotes
    /// and parentheses.
    fn problems(&self, text: &Bound<'_, PyString>) -> PyResult<[Vec<usize>; 3]> {
        Ok(self.rules.problems(&code_points(text)?))
    }

    /// Each character's `_strength` (bits 0-1) and `_classify` (bits 2-3: 0 None, 1 zh, 2
    /// latin), for the test against the `regex` module.
    fn classes(&self, text: &Bound<'_, PyString>) -> PyResult<Vec<u8>> {
        Ok(code_points(text)?
            .into_iter()
            .map(|c| self.rules.strength(c) | (self.rules.classify(c) << 2))
            .collect())
    }
}

fn register_punctuation(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PunctuationRules>()
}

// --- end of normalize_punctuation ------------------------------------------------------------

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<InvisibleChars>()?;
    m.add_class::<WidthRules>()?;
    m.add_class::<Crf>()?;
    m.add_class::<ModelFeatures>()?;
    m.add_class::<CueRules>()?;
    m.add_class::<LineMeasure>()?;
    m.add_class::<Cohesion>()?;
    m.add_function(wrap_pyfunction!(width_ranges, m)?)?;
    m.add_function(wrap_pyfunction!(cue_tables, m)?)?;
    m.add_function(wrap_pyfunction!(han_ranges, m)?)?;
    m.add_function(wrap_pyfunction!(digit_ranges, m)?)?;
    lexer_py::register(m)?;
    register_dedup(m)?; // remove_repeated_fragments, flag_noise_lines
    register_spacing(m)?;
    register_punctuation(m)?; // normalize_punctuation
    m.add_function(wrap_pyfunction!(_panic_for_test, m)?)?;
    // What a panic in the core raises (a BaseException): the wrappers catch it by this name.
    m.add(
        "PanicException",
        m.py().get_type::<pyo3::panic::PanicException>(),
    )?;
    Ok(())
}
