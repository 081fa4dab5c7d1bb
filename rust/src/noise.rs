//! The garbled echo of `flag_noise_lines` (`cleantext.linewrap`): a short line that is a
//! phrase found elsewhere on the page with characters misread by OCR.
//!
//! A port of `_bigram_index` and `_garbled_echo` (tests/reference/linewrap_noise.py) on code
//! points, so offsets are Python's string indices; `\p{Han}` is `han::HAN_RANGES`. The
//! candidate lines are still chosen in Python.

use crate::cue::one_of;
use crate::han::is_han;
use std::collections::{HashMap, HashSet};

/// A very common bigram is looked at in only so many places: the search stays linear.
const MAX_WINDOWS: usize = 16;
const DELIMITERS: &str = "\n \t\u{3000}《》“”「」『』（）()【】〈〉，。、；：？！,.;:?!\"'";
const NEWLINE: u32 = 0x0A;

fn is_delimiter(c: u32) -> bool {
    one_of(c, DELIMITERS)
}

/// Where each pair of Han characters of the lines occurs on the page, in reading order.
pub fn bigram_index(page: &[u32], lines: &[&[u32]]) -> HashMap<(u32, u32), Vec<usize>> {
    let pairs: HashSet<(u32, u32)> = lines
        .iter()
        .flat_map(|line| line.windows(2))
        .filter(|w| is_han(w[0]) && is_han(w[1]))
        .map(|w| (w[0], w[1]))
        .collect();
    let mut index: HashMap<(u32, u32), Vec<usize>> = HashMap::new();
    if pairs.is_empty() {
        return index;
    }
    for (p, w) in page.windows(2).enumerate() {
        let pair = (w[0], w[1]);
        if pairs.contains(&pair) {
            index.entry(pair).or_default().push(p);
        }
    }
    index
}

/// Whether `line` (at `own_start` on the page) is a copy of a phrase elsewhere on the page
/// with characters misread: same shape, 40–85 % of the Han characters equal in place, at
/// least two differ, and no run of more than three equal characters.
pub fn garbled_echo(
    line: &[u32],
    page: &[u32],
    own_start: usize,
    index: &HashMap<(u32, u32), Vec<usize>>,
) -> bool {
    let n = line.len();
    let han_pos: Vec<usize> = (0..n).filter(|&j| is_han(line[j])).collect();
    let other_pos: Vec<usize> = (0..n).filter(|&j| !is_han(line[j])).collect();
    let mut seen: HashSet<usize> = HashSet::new();
    // Rarest bigrams first (a stable sort, as Python's): the echo shares them.
    let none: Vec<usize> = Vec::new();
    let mut anchors: Vec<(usize, &Vec<usize>)> = (0..n.saturating_sub(1))
        .map(|j| (j, index.get(&(line[j], line[j + 1])).unwrap_or(&none)))
        .collect();
    anchors.sort_by_key(|a| a.1.len());
    for (j, hits) in anchors {
        for &p in hits {
            let Some(start) = p.checked_sub(j) else {
                continue;
            };
            if seen.contains(&start) || start + n > page.len() {
                continue;
            }
            if start < own_start + n && own_start < start + n {
                continue; // the line itself
            }
            if seen.len() >= MAX_WINDOWS {
                return false;
            }
            seen.insert(start);
            let window = &page[start..start + n];
            // The phrase echoed must stand on its own where it is found.
            let before = if start > 0 { page[start - 1] } else { NEWLINE };
            let after = page.get(start + n).copied().unwrap_or(NEWLINE);
            if !is_delimiter(before) || !is_delimiter(after) || window.contains(&NEWLINE) {
                continue;
            }
            if other_pos.iter().any(|&k| window[k] != line[k]) {
                continue;
            }
            if han_pos.is_empty() || !han_pos.iter().all(|&k| is_han(window[k])) {
                continue;
            }
            let mut same = 0usize;
            let mut run = 0usize;
            let mut best = 0usize;
            for &k in &han_pos {
                if window[k] == line[k] {
                    same += 1;
                    run += 1;
                    best = best.max(run);
                } else {
                    run = 0;
                }
            }
            let share = same as f64 / han_pos.len() as f64;
            if (0.4..=0.85).contains(&share) && han_pos.len() - same >= 2 && best <= 3 {
                return true;
            }
        }
    }
    false
}

/// `garbled_echo` of each candidate line `(start, length)` of the page, with one index.
pub fn garbled_echoes(page: &[u32], candidates: &[(usize, usize)]) -> Vec<bool> {
    let lines: Vec<&[u32]> = candidates.iter().map(|&(s, n)| &page[s..s + n]).collect();
    let index = bigram_index(page, &lines);
    candidates
        .iter()
        .zip(&lines)
        .map(|(&(s, _), line)| garbled_echo(line, page, s, &index))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cps(s: &str) -> Vec<u32> {
        s.chars().map(|c| c as u32).collect()
    }

    #[test]
    fn a_misread_heading_is_an_echo() {
        let page = cps("大王共才 智利未来\n本报推出《大足英才 智创未来》栏目。");
        assert_eq!(garbled_echoes(&page, &[(0, 9)]), vec![true]);
        let page = cps("大足英才 智创未来\n本报推出《大足英才 智创未来》栏目。");
        assert_eq!(garbled_echoes(&page, &[(0, 9)]), vec![false]);
    }
}
