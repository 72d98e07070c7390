//! `config`: the code of `ipcls.toml` problems (a syntax error, a bad glob, an unknown wrapper
//! kind). They are not derived from the index as diagnostics: the configuration is read before
//! the analysis, and its problems travel as `Index::config_errors`, which the CLI prints as
//! warnings (and fails `check` on) and the server logs. What `ipcls.toml` changes in the other
//! rules (`[channels] ignore`, `strict`) is tested with those rules.

#[cfg(test)]
mod tests {
    use crate::ide::diagnostics::tests::check_diagnostics;
    use crate::test_fixture::Fixture;

    /// A bad glob in `ipcls.toml` is a configuration error, not a diagnostic; the entry is dropped
    /// and the rest of the configuration applies.
    #[test]
    fn a_bad_glob_is_a_config_error_not_a_diagnostic() {
        let fixture = r#"
//- /ipcls.toml
[channels]
ignore = ["debug:[", "telemetry:*"]
//- /src/main/index.ts
import { ipcMain } from 'electron';
ipcMain.on('telemetry:ping', () => {});
"#;
        check_diagnostics(fixture);
        let (_, errors) = crate::config::Config::from_toml(&Fixture::parse(fixture).files[0].1);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].to_string().starts_with("ipcls.toml:2: "), "{}", errors[0]);
    }
}
