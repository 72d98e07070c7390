//! Sites reached through context objects (`fixtures/flow/contexts/`): a plugin host hands each
//! plugin a main-side and a page-side context whose members wrap IPC; the plugins use them through
//! destructured, declared and contextually typed parameters, in one file for both processes.

use super::site_tests::{check_sites, fixture_dir};

#[test]
fn contexts_clean() {
    check_sites(&fixture_dir("flow/contexts/clean"));
}

#[test]
fn contexts_mistake() {
    check_sites(&fixture_dir("flow/contexts/mistake"));
}
