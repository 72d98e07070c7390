//! `ipcls.toml`: the workspace configuration, validated with the line of every problem.
//!
//! The same keys arrive from the editor (`initializationOptions`, `workspace/configuration`) as JSON;
//! both go through [`Config::from_toml`] or [`Config::from_value`] and [`Config::validate`].

use std::collections::BTreeMap;
use std::path::Path;

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::syntax::ts::Kind;

pub const FILE_NAME: &str = "ipcls.toml";
pub const DEFAULT_TEMPLATE: &str = "{service}:{method}";

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub contract: ContractConfig,
    pub process: ProcessConfig,
    pub channels: ChannelsConfig,
    pub wrappers: Vec<WrapperConfig>,
    pub limits: LimitsConfig,
    pub generate: GenerateConfig,
}

/// `[generate]`: where `ipcls generate` writes the TypeScript bindings, and the bridge key.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct GenerateConfig {
    /// The folder of the generated files, relative to the workspace. When it is set, the language
    /// server reports stale bindings there (`stale-bindings`).
    pub out: Option<String>,
    /// The `window` key the preload exposes the bindings under (`window.ipc`).
    pub key: String,
}

impl Default for GenerateConfig {
    fn default() -> Self {
        GenerateConfig { out: None, key: DEFAULT_BRIDGE_KEY.to_string() }
    }
}

/// The folder `ipcls generate` writes to when neither `--out` nor `[generate] out` says.
pub const DEFAULT_GENERATE_OUT: &str = "src/ipc/generated";
/// The `window` key of the generated bridge when `[generate] key` is not set.
pub const DEFAULT_BRIDGE_KEY: &str = "ipc";

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ContractConfig {
    /// Globs of `.proto` files; empty means every `.proto` in the workspace.
    pub include: Vec<String>,
    /// Import roots, relative to the workspace.
    pub roots: Vec<String>,
    pub template: String,
}

impl Default for ContractConfig {
    fn default() -> Self {
        ContractConfig { include: Vec::new(), roots: Vec::new(), template: DEFAULT_TEMPLATE.to_string() }
    }
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ProcessConfig {
    pub main: Vec<String>,
    pub preload: Vec<String>,
    pub renderer: Vec<String>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ChannelsConfig {
    /// `not-in-contract` is an error.
    pub strict: bool,
    /// The value of namespace expressions the app computes at run time.
    pub namespace: Option<String>,
    /// Channel globs that are never reported.
    pub ignore: Vec<String>,
    /// Expression text → string value, for names that cannot be resolved statically.
    pub define: BTreeMap<String, String>,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct WrapperConfig {
    /// The callee as written: `request`, `bus.request`.
    pub name: String,
    pub kind: String,
    #[serde(default)]
    pub channel_arg: u32,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct LimitsConfig {
    /// Files larger than this many bytes are skipped.
    pub max_file_size: u64,
    /// At most this many files are indexed.
    pub max_files: usize,
    /// Syntax nested deeper than this many levels is not followed (the file is still indexed).
    pub max_nesting: u32,
}

impl Default for LimitsConfig {
    fn default() -> Self {
        LimitsConfig {
            max_file_size: 2 * 1024 * 1024,
            max_files: 200_000,
            max_nesting: crate::syntax::ts::DEFAULT_MAX_NESTING,
        }
    }
}

/// A problem in the configuration, with the 1-based line it is on when known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub message: String,
    pub line: Option<u32>,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", FILE_NAME, line, self.message),
            None => write!(f, "{}: {}", FILE_NAME, self.message),
        }
    }
}

impl Config {
    /// The configuration of the workspace at `root`: its `ipcls.toml` when there is one (a file
    /// that cannot be read counts as none), else the editor's settings, else the defaults.
    pub fn load(root: &Path, editor: Option<&Config>) -> (Config, Vec<ConfigError>) {
        match crate::base::vfs::read_string(&root.join(FILE_NAME)) {
            Ok(text) => Config::from_toml(&text),
            Err(_) => (editor.cloned().unwrap_or_default(), Vec::new()),
        }
    }

    /// Parses and validates `ipcls.toml`. On a syntax or type error the defaults are used; other
    /// problems drop only the bad entry. Every problem is returned.
    pub fn from_toml(text: &str) -> (Config, Vec<ConfigError>) {
        let config = match toml::from_str::<Config>(text) {
            Ok(c) => c,
            Err(e) => {
                let line = e.span().map(|s| line_of(text, s.start));
                let message = e.message().to_string();
                return (Config::default(), vec![ConfigError { message, line }]);
            }
        };
        config.validate(Some(text))
    }

    /// Checks globs, the naming template and wrapper kinds; bad entries are removed.
    pub fn validate(mut self, text: Option<&str>) -> (Config, Vec<ConfigError>) {
        let mut errors = Vec::new();
        let line_of_value = |value: &str| -> Option<u32> {
            let text = text?;
            let at = text.find(value)?;
            Some(line_of(text, at))
        };
        let check_globs = |globs: &mut Vec<String>, what: &str, errors: &mut Vec<ConfigError>| {
            globs.retain(|g| match Glob::new(g) {
                Ok(_) => true,
                Err(e) => {
                    errors.push(ConfigError {
                        message: format!("bad glob in {what}: {}", e.kind()),
                        line: line_of_value(g),
                    });
                    false
                }
            });
        };
        check_globs(&mut self.contract.include, "contract.include", &mut errors);
        check_globs(&mut self.process.main, "process.main", &mut errors);
        check_globs(&mut self.process.preload, "process.preload", &mut errors);
        check_globs(&mut self.process.renderer, "process.renderer", &mut errors);
        check_globs(&mut self.channels.ignore, "channels.ignore", &mut errors);
        if let Err(e) = crate::syntax::proto::validate_template(&self.contract.template) {
            errors.push(ConfigError {
                message: format!("bad naming template {:?}: {e}", self.contract.template),
                line: line_of_value(&self.contract.template),
            });
            self.contract.template = DEFAULT_TEMPLATE.to_string();
        }
        self.wrappers.retain(|w| {
            if Kind::parse(&w.kind).is_some() {
                return true;
            }
            errors.push(ConfigError {
                message: format!(
                    "unknown wrapper kind {:?}; expected one of {}",
                    w.kind,
                    Kind::ALL.map(Kind::as_str).join(", ")
                ),
                line: line_of_value(&w.kind),
            });
            false
        });
        if let Some(out) = &self.generate.out {
            let bad = out.is_empty()
                || out.starts_with('/')
                || out.contains('\\')
                || out.split('/').any(|part| part == "..")
                || out.contains(':');
            if bad {
                errors.push(ConfigError {
                    message: format!("bad [generate] out {out:?}: a folder relative to the workspace, with '/' separators and no '..'"),
                    line: line_of_value(out),
                });
                self.generate.out = None;
            }
        }
        if !is_js_identifier(&self.generate.key) {
            errors.push(ConfigError {
                message: format!("bad [generate] key {:?}: it must be a JavaScript identifier", self.generate.key),
                line: line_of_value(&self.generate.key),
            });
            self.generate.key = DEFAULT_BRIDGE_KEY.to_string();
        }
        (self, errors)
    }

    pub fn template(&self) -> &str {
        &self.contract.template
    }
}

/// A compiled set of globs; matches paths relative to the workspace with `/` separators.
pub fn glob_set(globs: &[String]) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for g in globs {
        if let Ok(glob) = Glob::new(g) {
            builder.add(glob);
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

fn is_js_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

fn line_of(text: &str, offset: usize) -> u32 {
    text.get(..offset).map_or(0, |s| s.matches('\n').count()) as u32 + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_is_reported_with_its_line() {
        let (config, errors) = Config::from_toml("[channels]\nstrict = true\nnamepsace = 'x'\n");
        assert_eq!(config, Config::default());
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, Some(3));
        assert!(errors[0].message.contains("namepsace"), "{}", errors[0].message);
    }

    #[test]
    fn generate_section_and_its_unknown_keys() {
        let (config, errors) = Config::from_toml("[generate]\nout = 'src/ipc/gen'\nkey = 'api'\n");
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(config.generate.out.as_deref(), Some("src/ipc/gen"));
        assert_eq!(config.generate.key, "api");
        let (config, errors) = Config::from_toml("[generate]\nout = 'x'\nouts = 'y'\n");
        assert_eq!(config, Config::default());
        assert_eq!(errors[0].line, Some(3), "{errors:?}");
        let (config, errors) = Config::from_toml("[generate]\nout = '../elsewhere'\nkey = 'not-an-ident'\n");
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!(config.generate, GenerateConfig::default());
    }

    /// The workspace's file wins over the editor's settings, which win over the defaults.
    #[test]
    fn load_prefers_the_file_then_the_editor() {
        let dir = tempfile::tempdir().expect("tempdir");
        let editor =
            Config { channels: ChannelsConfig { strict: true, ..ChannelsConfig::default() }, ..Config::default() };
        assert_eq!(Config::load(dir.path(), None), (Config::default(), Vec::new()));
        assert_eq!(Config::load(dir.path(), Some(&editor)).0, editor);
        std::fs::write(dir.path().join(FILE_NAME), "[generate]\nkey = 'api'\n").expect("write");
        let (config, errors) = Config::load(dir.path(), Some(&editor));
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!((config.generate.key.as_str(), config.channels.strict), ("api", false));
    }

    #[test]
    fn bad_glob_template_and_kind_are_reported_and_dropped() {
        let text = "[contract]\ntemplate = '{svc}:{method}'\n[channels]\nignore = ['a[', 'ok.*']\n[[wrappers]]\nname = 'bus.request'\nkind = 'ask'\n";
        let (config, errors) = Config::from_toml(text);
        let lines: Vec<_> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![Some(4), Some(2), Some(7)], "{errors:?}");
        assert_eq!(config.channels.ignore, vec!["ok.*".to_string()]);
        assert_eq!(config.contract.template, DEFAULT_TEMPLATE);
        assert!(config.wrappers.is_empty());
    }
}
