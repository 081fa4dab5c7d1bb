//! A linear-chain CRF as the line model ships it: labels, label-to-label transitions and
//! per-feature label weights. Viterbi decoding (with required label prefixes) and marginals
//! by forward-backward on per-line scaled probabilities.
//!
//! Each computation is done in the order the Python reference (tests/reference/model.py) did
//! it, so that the labels are identical and the marginals equal to the last bits: emissions
//! add a line's feature weights in the order of its features, sums run from the first label.

// The loops index as the reference does (`trans[a][b]`): the order of the sums is part of the
// result.
#![allow(clippy::needless_range_loop)]

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FxHash (rustc's): feature names are short and come from the model file, so a fast hash
/// with no protection against chosen collisions is enough.
#[derive(Default)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.write(&[i]);
    }

    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type Weights = HashMap<String, Vec<(usize, f64)>, BuildHasherDefault<FxHasher>>;

pub struct Crf {
    labels: Vec<String>,
    /// `trans[a * n + b]`: the weight of label `b` following label `a`.
    trans: Vec<f64>,
    /// `exp` of each transition weight.
    trans_exp: Vec<f64>,
    weights: Weights,
}

impl Crf {
    pub fn new(
        labels: Vec<String>,
        transitions: Vec<Vec<f64>>,
        weights: HashMap<String, Vec<(usize, f64)>>,
    ) -> Result<Crf, String> {
        let n = labels.len();
        if transitions.len() != n || transitions.iter().any(|r| r.len() != n) {
            return Err(format!("transitions do not match the {n} labels"));
        }
        if let Some((attr, _)) = weights.iter().find(|(_, w)| w.iter().any(|&(k, _)| k >= n)) {
            return Err(format!(
                "feature {attr:?} weighs a label beyond the {n} labels"
            ));
        }
        let trans: Vec<f64> = transitions.into_iter().flatten().collect();
        let trans_exp = trans.iter().map(|v| v.exp()).collect();
        Ok(Crf {
            labels,
            trans,
            trans_exp,
            weights: weights.into_iter().collect(),
        })
    }

    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Add the weights of feature `name` to a line's label scores `row`.
    pub fn weigh(&self, row: &mut [f64], name: &str) {
        if let Some(w) = self.weights.get(name) {
            for &(k, v) in w {
                row[k] += v;
            }
        }
    }

    /// Each line's label scores (`len × n`, row-major): the sum of its features' weights.
    pub fn emissions<S: AsRef<str>>(&self, features: &[Vec<S>]) -> Vec<f64> {
        let n = self.labels.len();
        let mut em = vec![0.0; features.len() * n];
        for (row, attrs) in em.chunks_mut(n.max(1)).zip(features) {
            for a in attrs {
                self.weigh(row, a.as_ref());
            }
        }
        em
    }

    /// The most likely labels (indices) of `len` lines with emissions `em`; `require` pairs
    /// a line with a label prefix its label must have.
    pub fn decode(
        &self,
        mut em: Vec<f64>,
        require: &[(usize, String)],
    ) -> Result<Vec<usize>, String> {
        let n = self.labels.len();
        if n == 0 {
            return Err("a model without labels decodes nothing".into());
        }
        let len = em.len() / n;
        if len == 0 {
            return Ok(Vec::new());
        }
        for (pos, prefix) in require {
            if *pos >= len {
                return Err(format!("required position {pos} beyond the {len} lines"));
            }
            for (v, lab) in em[pos * n..(pos + 1) * n].iter_mut().zip(&self.labels) {
                if !lab.starts_with(prefix.as_str()) {
                    *v = f64::NEG_INFINITY;
                }
            }
        }
        let mut score: Vec<f64> = em[..n].to_vec();
        let mut back: Vec<usize> = Vec::with_capacity((len - 1) * n);
        let mut new = vec![0.0; n];
        for row in em.chunks(n).skip(1) {
            for b in 0..n {
                // The first best label wins a tie (as Python's max does).
                let mut best_a = 0;
                let mut best = score[0] + self.trans[b];
                for a in 1..n {
                    let s = score[a] + self.trans[a * n + b];
                    if s > best {
                        best = s;
                        best_a = a;
                    }
                }
                back.push(best_a);
                new[b] = score[best_a] + self.trans[best_a * n + b] + row[b];
            }
            std::mem::swap(&mut score, &mut new);
        }
        let mut last = 0;
        for k in 1..n {
            if score[k] > score[last] {
                last = k;
            }
        }
        let mut path = vec![last];
        for ptr in back.chunks(n).rev() {
            last = ptr[last];
            path.push(last);
        }
        path.reverse();
        Ok(path)
    }

    /// The probability of each label at each line (`len × n`, row-major).
    pub fn marginals(&self, em: &[f64]) -> Vec<f64> {
        let n = self.labels.len();
        if n == 0 || em.is_empty() {
            return Vec::new();
        }
        let len = em.len() / n;
        let t = &self.trans_exp;
        let mut pot = vec![0.0; len * n];
        for (p, row) in pot.chunks_mut(n).zip(em.chunks(n)) {
            let top = row
                .iter()
                .copied()
                .fold(f64::NEG_INFINITY, |m, v| if v > m { v } else { m });
            for (x, v) in p.iter_mut().zip(row) {
                *x = (v - top).exp();
            }
        }
        let normalize = |v: &mut [f64]| {
            let total: f64 = v.iter().fold(0.0, |s, x| s + x);
            for x in v.iter_mut() {
                *x /= total;
            }
        };
        let mut fwd = vec![0.0; len * n];
        fwd[..n].copy_from_slice(&pot[..n]);
        normalize(&mut fwd[..n]);
        for i in 1..len {
            let (done, rest) = fwd.split_at_mut(i * n);
            let prev = &done[(i - 1) * n..];
            let cur = &mut rest[..n];
            for b in 0..n {
                let mut s = 0.0;
                for a in 0..n {
                    s += prev[a] * t[a * n + b];
                }
                cur[b] = pot[i * n + b] * s;
            }
            normalize(cur);
        }
        let mut bwd = vec![0.0; len * n];
        bwd[(len - 1) * n..].fill(1.0);
        for i in (1..len).rev() {
            let (head, tail) = bwd.split_at_mut(i * n);
            let nxt = &tail[..n];
            let cur = &mut head[(i - 1) * n..];
            let row = &pot[i * n..(i + 1) * n];
            for a in 0..n {
                let mut s = 0.0;
                for b in 0..n {
                    s += t[a * n + b] * row[b] * nxt[b];
                }
                cur[a] = s;
            }
            normalize(cur);
        }
        let mut out = vec![0.0; len * n];
        for ((o, f), g) in out.chunks_mut(n).zip(fwd.chunks(n)).zip(bwd.chunks(n)) {
            for k in 0..n {
                o[k] = f[k] * g[k];
            }
            normalize(o);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> Crf {
        let mut w = HashMap::new();
        w.insert("a".to_string(), vec![(0, 2.0)]);
        w.insert("b".to_string(), vec![(1, 1.5), (0, -0.5)]);
        Crf::new(
            vec!["B".into(), "I".into()],
            vec![vec![-1.0, 0.5], vec![0.2, 0.1]],
            w,
        )
        .unwrap()
    }

    /// Every labelling of a short sequence, scored.
    fn brute(crf: &Crf, em: &[f64]) -> (Vec<usize>, Vec<f64>) {
        let n = 2;
        let len = em.len() / n;
        let mut best = (f64::NEG_INFINITY, vec![]);
        let mut scores = vec![];
        for code in 0..(1usize << len) {
            let path: Vec<usize> = (0..len).map(|i| (code >> (len - 1 - i)) & 1).collect();
            let mut s: f64 = path.iter().enumerate().map(|(i, &k)| em[i * n + k]).sum();
            for w in path.windows(2) {
                s += crf.trans[w[0] * n + w[1]];
            }
            if s > best.0 {
                best = (s, path.clone());
            }
            scores.push((s, path));
        }
        let z: f64 = scores.iter().map(|(s, _)| s.exp()).sum();
        let mut marg = vec![0.0; len * n];
        for (s, p) in &scores {
            for (i, &k) in p.iter().enumerate() {
                marg[i * n + k] += s.exp() / z;
            }
        }
        (best.1, marg)
    }

    #[test]
    fn decode_and_marginals_match_brute_force() {
        let crf = toy();
        // (No two labellings score alike: a tie may be broken either way.)
        let feats = vec![
            vec!["a"],
            vec!["b", "c"],
            vec![],
            vec!["a", "a", "b"],
            vec!["b"],
        ];
        let em = crf.emissions(&feats);
        let (path, marg) = brute(&crf, &em);
        assert_eq!(crf.decode(em.clone(), &[]).unwrap(), path);
        for (x, y) in crf.marginals(&em).iter().zip(&marg) {
            assert!((x - y).abs() < 1e-12, "{x} {y}");
        }
    }

    #[test]
    fn require_forces_a_prefix() {
        let crf = toy();
        let em = crf.emissions(&[vec!["a"], vec!["b"], vec!["b"]]);
        assert_eq!(crf.decode(em.clone(), &[]).unwrap()[1], 1);
        assert_eq!(crf.decode(em.clone(), &[(1, "B".into())]).unwrap()[1], 0);
        assert!(crf.decode(em, &[(3, "B".into())]).is_err());
    }

    #[test]
    fn bad_models_are_refused() {
        assert!(Crf::new(vec!["A".into()], vec![], HashMap::new()).is_err());
        let mut w = HashMap::new();
        w.insert("x".to_string(), vec![(1, 1.0)]);
        assert!(Crf::new(vec!["A".into()], vec![vec![0.0]], w).is_err());
    }
}
