//! Lexical cohesion of `split_blocks`: TF-IDF cosine of Han character bigrams between
//! stretches of a page's lines (the Python `_Cohesion` of `tests/reference/segment_cohesion.py`).
//!
//! Every float is computed with the same operations in the same order as the reference (a
//! vector's terms in order of first occurrence, sums left to right), so every cosine is the
//! same float and every boundary decision the same. The one exception is the bound in
//! [`Cohesion::below`], whose sum runs over a set (in hash order in Python): it only decides
//! with a margin far above rounding error.

use std::collections::HashMap;

/// `(1 + ln c)^2 <= 4 / e * c` for every `c >= 1`, with room for rounding.
const TF2_BOUND: f64 = 4.0 / std::f64::consts::E * (1.0 + 1e-12);
/// Relative margin by which the cosine bound must clear a limit.
const BOUND_MARGIN: f64 = 1e-9;

/// A page's bigram tables: each line's bigram ids in order, its distinct ids, the weights.
pub struct Cohesion {
    grams: Vec<Vec<u32>>,
    distinct: Vec<Vec<u32>>,
    idf: Vec<f64>,
    idf2: Vec<f64>,
    mass: Vec<f64>,
    /// Scratch, by bigram id (all zero between calls): counts, weights, membership.
    count: Vec<u32>,
    weight: Vec<f64>,
    seen: Vec<bool>,
    /// `1 + ln(count)`, by count.
    tf: Vec<f64>,
}

/// A stretch's TF-IDF vector: `(bigram id, weight)` in order of first occurrence.
type Vector = Vec<(u32, f64)>;

impl Cohesion {
    /// `runs`: each line's runs of Han characters (code points), in order.
    pub fn new(runs: &[Vec<Vec<u32>>]) -> Cohesion {
        let mut ids: HashMap<(u32, u32), u32> = HashMap::new();
        let mut grams = Vec::with_capacity(runs.len());
        for line in runs {
            let mut g = Vec::new();
            for run in line {
                for w in run.windows(2) {
                    let next = ids.len() as u32;
                    g.push(*ids.entry((w[0], w[1])).or_insert(next));
                }
            }
            grams.push(g);
        }
        let size = ids.len();
        let mut df = vec![0u32; size];
        let mut distinct = Vec::with_capacity(grams.len());
        for g in &grams {
            let mut d = g.clone();
            d.sort_unstable();
            d.dedup();
            for &id in &d {
                df[id as usize] += 1;
            }
            distinct.push(d);
        }
        let n = runs.len().max(1) as f64;
        let idf: Vec<f64> = df
            .iter()
            .map(|&v| ((n + 1.0) / (v as f64 + 0.5)).ln())
            .collect();
        let idf2: Vec<f64> = idf.iter().map(|&w| w * w).collect();
        let mass = grams
            .iter()
            .map(|g| g.iter().fold(0.0, |s, &id| s + idf2[id as usize]))
            .collect();
        Cohesion {
            grams,
            distinct,
            idf,
            idf2,
            mass,
            count: vec![0; size],
            weight: vec![0.0; size],
            seen: vec![false; size],
            tf: vec![0.0],
        }
    }

    /// The number of lines.
    pub fn len(&self) -> usize {
        self.grams.len()
    }

    fn vector(&mut self, lines: &[usize]) -> Vector {
        let mut order: Vec<u32> = Vec::new();
        for &l in lines {
            for &id in &self.grams[l] {
                let c = &mut self.count[id as usize];
                if *c == 0 {
                    order.push(id);
                }
                *c += 1;
            }
        }
        let mut out = Vec::with_capacity(order.len());
        for id in order {
            let c = std::mem::take(&mut self.count[id as usize]) as usize;
            while self.tf.len() <= c {
                let v = self.tf.len() as f64;
                self.tf.push(1.0 + v.ln());
            }
            out.push((id, self.tf[c] * self.idf[id as usize]));
        }
        out
    }

    fn cosine(&mut self, a: &Vector, b: &Vector) -> f64 {
        if a.is_empty() || b.is_empty() {
            return 1.0; // nothing to compare: no evidence of a shift
        }
        let (a, b) = if a.len() > b.len() { (b, a) } else { (a, b) };
        for &(id, w) in b {
            self.weight[id as usize] = w;
        }
        // A term missing from `b` adds 0.0 in the reference: the sum is unchanged.
        let dot = a.iter().fold(0.0, |s, &(id, w)| {
            let other = self.weight[id as usize];
            if other == 0.0 {
                s
            } else {
                s + w * other
            }
        });
        for &(id, _) in b {
            self.weight[id as usize] = 0.0;
        }
        let na = a.iter().fold(0.0, |s, &(_, w)| s + w * w).sqrt();
        let nb = b.iter().fold(0.0, |s, &(_, w)| s + w * w).sqrt();
        if na != 0.0 && nb != 0.0 {
            dot / (na * nb)
        } else {
            1.0
        }
    }

    /// The cosine of the stretches' vectors (1.0 when either has no bigram).
    pub fn between(&mut self, left: &[usize], right: &[usize]) -> f64 {
        let a = self.vector(left);
        let b = self.vector(right);
        self.cosine(&a, &b)
    }

    /// Whether `between(left, right) < limit`, a lower bound of the cosine first.
    pub fn below(&mut self, left: &[usize], right: &[usize], limit: f64) -> bool {
        let side = |lines: &[usize]| lines.iter().fold(0.0, |s, &l| s + self.mass[l]);
        let mass = side(left) * side(right);
        if mass > 0.0 {
            let mut marked = Vec::new();
            for &l in left {
                for &id in &self.distinct[l] {
                    if !self.seen[id as usize] {
                        self.seen[id as usize] = true;
                        marked.push(id);
                    }
                }
            }
            let mut dot = 0.0;
            for &l in right {
                for &id in &self.distinct[l] {
                    if std::mem::take(&mut self.seen[id as usize]) {
                        dot += self.idf2[id as usize];
                    }
                }
            }
            for id in marked {
                self.seen[id as usize] = false;
            }
            if dot >= limit * (1.0 + BOUND_MARGIN) * TF2_BOUND * mass.sqrt() {
                return false;
            }
        }
        self.between(left, right) < limit
    }

    /// Share of the line's distinct bigrams found in `lines`.
    pub fn containment(&mut self, line: usize, lines: &[usize]) -> f64 {
        if self.distinct[line].is_empty() {
            return 0.0;
        }
        for &l in lines {
            for &id in &self.distinct[l] {
                self.seen[id as usize] = true;
            }
        }
        let found = self.distinct[line]
            .iter()
            .filter(|&&id| self.seen[id as usize])
            .count();
        for &l in lines {
            for &id in &self.distinct[l] {
                self.seen[id as usize] = false;
            }
        }
        found as f64 / self.distinct[line].len() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cp(s: &str) -> Vec<u32> {
        s.chars().map(|c| c as u32).collect()
    }

    fn page() -> Cohesion {
        Cohesion::new(&[
            vec![cp("春耕备耕正当时")],
            vec![cp("各地农民抢抓农时"), cp("翻地播种")],
            vec![],
            vec![cp("城市轨道交通新线开通")],
            vec![cp("地铁新线今日开通运营")],
        ])
    }

    #[test]
    fn identical_stretches_are_fully_cohesive() {
        let mut c = page();
        assert!((c.between(&[3], &[3]) - 1.0).abs() < 1e-12);
        assert_eq!(c.between(&[2], &[3]), 1.0); // no bigram on one side
    }

    #[test]
    fn unrelated_stretches_share_nothing() {
        let mut c = page();
        assert_eq!(c.between(&[0], &[3]), 0.0);
        assert!(c.below(&[0], &[3], 0.05));
        assert!(!c.below(&[3], &[3], 0.5));
    }

    #[test]
    fn containment_counts_distinct_bigrams() {
        let mut c = page();
        // 新线, 开通 of the 9 distinct bigrams of line 3 are in line 4.
        assert!((c.containment(3, &[4]) - 2.0 / 9.0).abs() < 1e-15);
        assert_eq!(c.containment(2, &[4]), 0.0);
        assert_eq!(c.len(), 5);
    }
}
