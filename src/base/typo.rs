//! Typo distance between channel names: the optimal string alignment distance (insertions,
//! deletions, substitutions and adjacent transpositions, in chars), computed only up to a bound so
//! that a near-miss search over thousands of names stays cheap.

/// The distance between `a` and `b` if it is at most `max`, else `None`. Only the band of the
/// matrix within `max` of the diagonal is computed, and the search stops as soon as a whole row
/// exceeds `max`.
pub fn bounded_distance(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    ROWS.with(|rows| {
        let mut rows = rows.borrow_mut();
        let [before, prev, cur] = &mut *rows;
        bounded_in(a, b, max, before, prev, cur)
    })
}

thread_local! {
    static ROWS: std::cell::RefCell<[Vec<usize>; 3]> = const { std::cell::RefCell::new([Vec::new(), Vec::new(), Vec::new()]) };
}

fn bounded_in(
    a: &[char],
    b: &[char],
    max: usize,
    before: &mut Vec<usize>,
    prev: &mut Vec<usize>,
    cur: &mut Vec<usize>,
) -> Option<usize> {
    let (n, m) = (a.len(), b.len());
    let over = max + 1;
    // Rows i-2, i-1 and i of the matrix; cells outside the band hold `over`.
    before.clear();
    before.resize(m + 1, over);
    prev.clear();
    prev.extend((0..=m).map(|j| j.min(over)));
    cur.clear();
    cur.resize(m + 1, over);
    for i in 1..=n {
        let lo = i.saturating_sub(max).max(1);
        let hi = (i + max).min(m);
        cur.fill(over);
        cur[0] = i.min(over);
        let mut row_min = cur[0];
        for j in lo..=hi {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            cur[j] = d.min(over);
            row_min = row_min.min(cur[j]);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(before, prev);
        std::mem::swap(prev, cur);
    }
    Some(prev[m]).filter(|&d| d <= max)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn agrees_with_strsim_within_the_bound() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "dialog:openFile",
            "dialog:openFiel",
            "dialog:open-file",
            "notes:list",
            "notes:lst",
            "notes:lists",
            "note:list",
            "keyboardLayoutChanged",
            "KeyboardLayoutChanged",
            "get-user",
            "getUser",
            "ca",
            "abc-é😀",
            "abc-😀é",
            "feature3:action12",
            "feature5:action7",
            "feature3:action21",
        ];
        for x in words {
            for y in words {
                let want = strsim::osa_distance(x, y);
                for max in 0..6 {
                    let got = bounded_distance(&chars(x), &chars(y), max);
                    assert_eq!(got, (want <= max).then_some(want), "{x:?} {y:?} max {max}");
                }
            }
        }
    }
}
