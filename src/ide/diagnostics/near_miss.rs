//! The near-miss search behind "did you mean": the closest channel that has a receiver of the kind
//! a sender lacks, with a character-set filter that skips names too different to be a typo.

use std::cell::RefCell;

use super::{Code, Diagnostic, Severity};
use crate::base::typo::bounded_distance;
use crate::index::{Index, Site, SiteId};
use crate::syntax::ts::Kind;

/// A near-miss channel and a site that receives it.
pub(super) type NearMiss<'a> = Option<(String, &'a Site)>;

/// A per-channel memo of [`near_miss`] by receiving kind.
#[derive(Default)]
pub(super) struct NearMisses<'a> {
    found: RefCell<Vec<(Kind, NearMiss<'a>)>>,
}

impl<'a> NearMisses<'a> {
    pub(super) fn get(&self, kind: Kind, compute: impl FnOnce() -> NearMiss<'a>) -> NearMiss<'a> {
        if let Some((_, v)) = self.found.borrow().iter().find(|(k, _)| *k == kind) {
            return v.clone();
        }
        let v = compute();
        self.found.borrow_mut().push((kind, v.clone()));
        v
    }

    /// The kinds whose receivers were searched.
    pub(super) fn into_kinds(self) -> Vec<Kind> {
        self.found.into_inner().into_iter().map(|(k, _)| k).collect()
    }
}

/// A "nothing on the other side" diagnostic with "did you mean" when a near name exists.
pub(super) fn no_side(s: &Site, code: Code, severity: Severity, message: String, near: NearMiss) -> Diagnostic {
    match near {
        Some((name, other)) => {
            let mut d = Diagnostic::at_site(s, code, severity, format!("{message}; did you mean '{name}'?"));
            d.suggestion = Some(name);
            d.related(other, "the near-miss channel is received here")
        }
        None => Diagnostic::at_site(s, code, severity, message),
    }
}

/// The characters of a name, each in one of 64 buckets.
fn char_set(chars: impl Iterator<Item = char>) -> u64 {
    chars.fold(0, |set, c| set | 1 << (c as u32 % 64))
}

/// The closest channel that has a receiver of `kinds`, if it is close enough to be a typo: at most
/// two edits, or at most one edit in five chars (insertions, deletions, substitutions, adjacent
/// transpositions). Ties go to the name that sorts first.
pub(super) fn near_miss<'a>(index: &'a Index, channel: &str, kinds: &[Kind]) -> NearMiss<'a> {
    let query: Vec<char> = channel.chars().collect();
    let query_set = char_set(query.iter().copied());
    // A candidate of length `lb` is close when d <= max(2, len/5) with len = max(la, lb); since
    // d >= |la - lb|, a longer candidate can only be close when d <= la/4.
    let widest = 2.max(query.len() / 4);
    let mut best: Option<(f64, &str, SiteId)> = None;
    // The candidates are read from the channel map itself (no list of receivers to build per index:
    // an index per keystroke would build it again each time); names too long or too short to be
    // close are skipped before their characters are compared.
    let mut chars: Vec<char> = Vec::new();
    for (name, ids) in &index.channels {
        if name == channel {
            continue;
        }
        let len = name.chars().count();
        let longest = query.len().max(len);
        let allowed = 2.max(longest / 5).min(widest);
        if query.len().abs_diff(len) > allowed {
            continue;
        }
        // Each edit adds or removes at most one character of each side's set: names whose
        // characters differ more cannot be close (a set of 64 buckets, so a cheap lower bound).
        let set = char_set(name.chars());
        if (query_set & !set).count_ones().max((set & !query_set).count_ones()) as usize > allowed {
            continue;
        }
        chars.clear();
        chars.extend(name.chars());
        let Some(d) = bounded_distance(&query, &chars, allowed) else { continue };
        let score = if longest == 0 { 1.0 } else { 1.0 - d as f64 / longest as f64 };
        if best.is_some_and(|(b, n, _)| score < b || (score == b && n <= name.as_str())) {
            continue;
        }
        // The first kind (in the order asked) that the channel has a site of.
        let site = kinds.iter().find_map(|&kind| ids.iter().find(|id| index.site(**id).kind == kind));
        if let Some(&site) = site {
            best = Some((score, name, site));
        }
    }
    best.map(|(_, n, s)| (n.to_string(), index.site(s)))
}

#[cfg(test)]
mod tests {
    use super::char_set;
    use crate::base::rng::Lcg;
    use crate::base::typo::bounded_distance;

    /// The character-set filter of the near-miss search never drops a close name: the number of
    /// buckets only one side has is a lower bound of the edit distance.
    #[test]
    fn character_sets_bound_the_edit_distance() {
        let alphabet: Vec<char> = "ab:-xyzé😀A".chars().collect();
        let mut rng = Lcg::new(11);
        let mut below = |n: usize| rng.below(n);
        for _ in 0..20_000 {
            let a: Vec<char> = (0..below(9)).map(|_| alphabet[below(alphabet.len())]).collect();
            let mut b = a.clone();
            for _ in 0..below(4) {
                match below(3) {
                    0 if !b.is_empty() => {
                        let i = below(b.len());
                        b.remove(i);
                    }
                    1 => {
                        let i = below(b.len() + 1);
                        b.insert(i, alphabet[below(alphabet.len())]);
                    }
                    _ if !b.is_empty() => {
                        let i = below(b.len());
                        b[i] = alphabet[below(alphabet.len())];
                    }
                    _ => {}
                }
            }
            let d = bounded_distance(&a, &b, 64).expect("within 64");
            let (sa, sb) = (char_set(a.iter().copied()), char_set(b.iter().copied()));
            let bound = (sa & !sb).count_ones().max((sb & !sa).count_ones()) as usize;
            assert!(bound <= d, "{a:?} {b:?}: bound {bound} > distance {d}");
        }
    }
}
