//! Placeholder for the contract module (protox); replaced by the real one.
use crate::base::TextRange;
use std::sync::Arc;

pub struct ProtoSource {
    pub path: String,
    pub text: Arc<str>,
}
pub struct ContractInput<'a> {
    pub files: &'a [ProtoSource],
    pub roots: &'a [String],
}
#[derive(Clone, Debug, Default)]
pub struct Contract {
    pub services: Vec<Service>,
    pub messages: Vec<Message>,
    pub errors: Vec<ProtoError>,
}
#[derive(Clone, Debug)]
pub struct Service {
    pub name: String,
    pub full_name: String,
    pub package: String,
    pub file: String,
    pub name_range: TextRange,
    pub comments: String,
    pub methods: Vec<Rpc>,
}
#[derive(Clone, Debug)]
pub struct Rpc {
    pub name: String,
    pub file: String,
    pub name_range: TextRange,
    pub range: TextRange,
    pub comments: String,
    pub input_type: String,
    pub output_type: String,
    pub client_streaming: bool,
    pub server_streaming: bool,
    pub channel_option: Option<(String, TextRange)>,
}
#[derive(Clone, Debug)]
pub struct Message {
    pub full_name: String,
    pub name: String,
    pub file: String,
    pub name_range: TextRange,
    pub comments: String,
    pub fields: Vec<Field>,
}
#[derive(Clone, Debug)]
pub struct Field {
    pub name: String,
    pub json_name: String,
    pub number: i32,
    pub type_name: String,
    pub comments: String,
}
#[derive(Clone, Debug)]
pub struct ProtoError {
    pub file: String,
    pub range: Option<TextRange>,
    pub message: String,
}
pub fn compile(_input: &ContractInput) -> Contract {
    Contract::default()
}
pub fn channel_for(_template: &str, service: &Service, rpc: &Rpc) -> String {
    format!("{}:{}", service.name, rpc.name)
}
pub fn method_for_channel(_t: &str, _s: &Service, _c: &str) -> Option<String> {
    None
}

pub fn validate_template(template: &str) -> Result<(), String> {
    if !template.contains("{method}") && !template.contains("{Method}") {
        return Err("needs {method} or {Method}".into());
    }
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { return Err("unbalanced '{'".into()) };
        let name = &rest[open + 1..open + close];
        if !matches!(name, "service" | "Service" | "method" | "Method" | "package") {
            return Err(format!("unknown placeholder {{{name}}}"));
        }
        rest = &rest[open + close + 1..];
    }
    Ok(())
}
