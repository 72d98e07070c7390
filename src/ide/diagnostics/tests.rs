//! The marker-fixture check of the diagnostic rules: the fixture's marks (see
//! [`crate::test_fixture`]) against the diagnostics of its real analysis, both ways.

use crate::base::Cancel;
use crate::index::Index;
use crate::test_fixture::{annotate_marks, Fixture, Mark, Marker};

use super::Diagnostic;

/// The marks of diagnostics: `^` and `severity: code message` under each range, `-` and
/// `related to code: message` under each related range.
fn marks(diagnostics: &[Diagnostic]) -> Vec<Mark> {
    let mut out = Vec::new();
    for d in diagnostics {
        let label = format!("{}: {} {}", d.severity.as_str(), d.code.as_str(), d.message);
        out.push(Mark { file: d.file, range: d.range, marker: Marker::Primary, label });
        for r in &d.related {
            let label = format!("related to {}: {}", d.code.as_str(), r.message);
            out.push(Mark { file: r.file, range: r.range, marker: Marker::Secondary, label });
        }
    }
    out
}

/// Analyses the fixture, derives its diagnostics and checks that they are exactly the ones its
/// marks describe: a missing or an extra diagnostic (or related range) fails, showing the
/// rendering of what was found. Both sides are rendered alike, so a mark is compared as drawn.
/// Returns the index and the diagnostics for further assertions.
#[track_caller]
pub(crate) fn check_diagnostics(fixture: &str) -> (Index, Vec<Diagnostic>) {
    let fixture = Fixture::parse(fixture);
    let index = fixture.index();
    let diagnostics = super::diagnostics(&index, &Cancel::never()).expect("never cancelled");
    let expected = annotate_marks(&index, fixture.marks(&index));
    let actual = annotate_marks(&index, marks(&diagnostics));
    if expected != actual {
        panic!("diagnostics differ\n--- expected:\n{expected}\n--- actual:\n{actual}");
    }
    (index, diagnostics)
}
