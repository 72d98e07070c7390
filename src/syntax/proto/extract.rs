//! Reads services, rpcs, messages and enums out of one file's descriptor, with ranges and comments.
//!
//! Two descriptors of the same file are read side by side: `proto`, the linked one when the
//! file linked (resolved type names, JSON names) or else the parsed one, and `parsed`, the
//! parser's own output, for source locations, comments and uninterpreted options. Both have the
//! same declarations at the same indexes, so a descriptor path means the same thing in both.

use prost_reflect::prost_types::field_descriptor_proto::{Label, Type};
use prost_reflect::prost_types::{
    DescriptorProto, EnumDescriptorProto, FieldDescriptorProto, FileDescriptorProto, MethodDescriptorProto,
};

use super::files::WorkspaceFile;
use super::span::{self, LineStarts, Locations};
use super::{Contract, EnumType, EnumValue, Field, FieldLabel, Message, Rpc, Service};
use crate::base::TextRange;

// Field numbers of descriptor.proto, as used in `SourceCodeInfo` paths.
const FILE_MESSAGE_TYPE: i32 = 4;
const FILE_ENUM_TYPE: i32 = 5;
const FILE_SERVICE: i32 = 6;
const MESSAGE_FIELD: i32 = 2;
const MESSAGE_NESTED_TYPE: i32 = 3;
const MESSAGE_ENUM_TYPE: i32 = 4;
const SERVICE_METHOD: i32 = 2;
const METHOD_OPTIONS: i32 = 4;
const ENUM_VALUE: i32 = 2;
const NAME: i32 = 1;
const UNINTERPRETED_OPTION: i32 = 999;

/// What the readers share for one file.
struct FileContext<'a> {
    path: &'a str,
    locations: Locations<'a>,
    lines: LineStarts<'a>,
    proto3: bool,
}

impl FileContext<'_> {
    fn range(&self, path: &[i32]) -> TextRange {
        self.locations.range(&self.lines, path).unwrap_or_default()
    }

    fn name_range(&self, path: &[i32]) -> TextRange {
        self.range(&child(path, &[NAME]))
    }

    fn comments(&self, path: &[i32]) -> String {
        self.locations.comments(path)
    }
}

pub(super) fn extract(
    file: &WorkspaceFile,
    parsed: &FileDescriptorProto,
    proto: &FileDescriptorProto,
    contract: &mut Contract,
) {
    let cx = FileContext {
        path: &file.source.path,
        locations: Locations::new(parsed),
        lines: LineStarts::new(&file.source.text),
        proto3: matches!(parsed.syntax(), "proto3" | "editions"),
    };
    let package = proto.package();

    for (s, service) in proto.service.iter().enumerate() {
        let path = [FILE_SERVICE, index(s)];
        let methods = service
            .method
            .iter()
            .enumerate()
            .map(|(m, method)| {
                let parsed_method = parsed.service.get(s).and_then(|service| service.method.get(m));
                read_rpc(&cx, &child(&path, &[SERVICE_METHOD, index(m)]), method, parsed_method)
            })
            .collect();
        contract.services.push(Service {
            name: service.name().to_owned(),
            full_name: qualify(package, service.name()),
            package: package.to_owned(),
            file: cx.path.to_owned(),
            name_range: cx.name_range(&path),
            range: cx.range(&path),
            comments: cx.comments(&path),
            methods,
        });
    }

    // Messages in source order, each before the messages nested in it; an explicit stack keeps
    // deep nesting off the call stack.
    let mut stack: Vec<(Vec<i32>, String, &DescriptorProto)> = proto
        .message_type
        .iter()
        .enumerate()
        .rev()
        .map(|(i, message)| (vec![FILE_MESSAGE_TYPE, index(i)], package.to_owned(), message))
        .collect();
    while let Some((path, scope, message)) = stack.pop() {
        if is_map_entry(message) {
            continue;
        }
        let full_name = qualify(&scope, message.name());
        for (e, enum_type) in message.enum_type.iter().enumerate() {
            let enum_path = child(&path, &[MESSAGE_ENUM_TYPE, index(e)]);
            contract.enums.push(read_enum(&cx, &enum_path, &full_name, enum_type));
        }
        let fields = message
            .field
            .iter()
            .enumerate()
            .map(|(f, field)| read_field(&cx, &child(&path, &[MESSAGE_FIELD, index(f)]), message, field))
            .collect();
        contract.messages.push(Message {
            full_name: full_name.clone(),
            name: message.name().to_owned(),
            file: cx.path.to_owned(),
            name_range: cx.name_range(&path),
            range: cx.range(&path),
            comments: cx.comments(&path),
            fields,
        });
        for (n, nested) in message.nested_type.iter().enumerate().rev() {
            let nested_path = child(&path, &[MESSAGE_NESTED_TYPE, index(n)]);
            stack.push((nested_path, full_name.clone(), nested));
        }
    }

    for (e, enum_type) in proto.enum_type.iter().enumerate() {
        let path = [FILE_ENUM_TYPE, index(e)];
        contract.enums.push(read_enum(&cx, &path, package, enum_type));
    }
}

fn read_rpc(
    cx: &FileContext,
    path: &[i32],
    method: &MethodDescriptorProto,
    parsed_method: Option<&MethodDescriptorProto>,
) -> Rpc {
    Rpc {
        name: method.name().to_owned(),
        file: cx.path.to_owned(),
        name_range: cx.name_range(path),
        range: cx.range(path),
        comments: cx.comments(path),
        input_type: method.input_type().trim_start_matches('.').to_owned(),
        output_type: method.output_type().trim_start_matches('.').to_owned(),
        client_streaming: method.client_streaming(),
        server_streaming: method.server_streaming(),
        channel_option: parsed_method.and_then(|method| channel_option(cx, path, method)),
    }
}

/// `option (ipcls.channel) = "...";`, read from the parser's uninterpreted options so that it
/// is known even when the file does not link.
fn channel_option(cx: &FileContext, path: &[i32], method: &MethodDescriptorProto) -> Option<(String, TextRange)> {
    let options = method.options.as_ref()?;
    let (k, option) = options.uninterpreted_option.iter().enumerate().find(|(_, option)| {
        matches!(option.name.as_slice(), [part]
            if part.is_extension && part.name_part.trim_start_matches('.') == "ipcls.channel")
    })?;
    let value = String::from_utf8_lossy(option.string_value.as_deref()?).into_owned();
    let statement = cx.range(&child(path, &[METHOD_OPTIONS, UNINTERPRETED_OPTION, index(k)]));
    let literal = span::option_value_literal(&cx.lines, statement).unwrap_or(statement);
    Some((value, literal))
}

fn read_field(cx: &FileContext, path: &[i32], message: &DescriptorProto, field: &FieldDescriptorProto) -> Field {
    let explicit_optional = field.proto3_optional();
    let label = match field.label.and_then(|label| Label::try_from(label).ok()) {
        Some(Label::Repeated) => match map_entry_of(message, field) {
            Some((key, value)) => FieldLabel::Map(key, value),
            None => FieldLabel::Repeated,
        },
        Some(Label::Required) => FieldLabel::Required,
        _ if explicit_optional => FieldLabel::Optional,
        Some(Label::Optional) if !cx.proto3 && field.oneof_index.is_none() => FieldLabel::Optional,
        _ => FieldLabel::Singular,
    };
    let oneof = match field.oneof_index {
        Some(i) if !explicit_optional => {
            usize::try_from(i).ok().and_then(|i| message.oneof_decl.get(i)).map(|oneof| oneof.name().to_owned())
        }
        _ => None,
    };
    Field {
        name: field.name().to_owned(),
        json_name: field.json_name.clone().unwrap_or_else(|| json_name(field.name())),
        number: field.number(),
        type_name: type_name(field),
        label,
        oneof,
        name_range: cx.name_range(path),
        comments: cx.comments(path),
    }
}

fn read_enum(cx: &FileContext, path: &[i32], scope: &str, enum_type: &EnumDescriptorProto) -> EnumType {
    EnumType {
        full_name: qualify(scope, enum_type.name()),
        name: enum_type.name().to_owned(),
        file: cx.path.to_owned(),
        name_range: cx.name_range(path),
        range: cx.range(path),
        comments: cx.comments(path),
        values: enum_type
            .value
            .iter()
            .enumerate()
            .map(|(v, value)| {
                let value_path = child(path, &[ENUM_VALUE, index(v)]);
                EnumValue {
                    name: value.name().to_owned(),
                    number: value.number(),
                    name_range: cx.name_range(&value_path),
                    comments: cx.comments(&value_path),
                }
            })
            .collect(),
    }
}

/// The key and value types of a map field: its type is a nested `map_entry` message.
fn map_entry_of(message: &DescriptorProto, field: &FieldDescriptorProto) -> Option<(String, String)> {
    let entry_name = field.type_name().rsplit('.').next()?;
    let entry = message.nested_type.iter().find(|nested| nested.name() == entry_name && is_map_entry(nested))?;
    let key = entry.field.iter().find(|f| f.number() == 1)?;
    let value = entry.field.iter().find(|f| f.number() == 2)?;
    Some((type_name(key), type_name(value)))
}

fn is_map_entry(message: &DescriptorProto) -> bool {
    message.options.as_ref().is_some_and(|options| options.map_entry())
}

/// A scalar type's keyword, or the referenced type's name for messages and enums.
fn type_name(field: &FieldDescriptorProto) -> String {
    let keyword = match field.r#type.and_then(|t| Type::try_from(t).ok()) {
        Some(Type::Double) => "double",
        Some(Type::Float) => "float",
        Some(Type::Int64) => "int64",
        Some(Type::Uint64) => "uint64",
        Some(Type::Int32) => "int32",
        Some(Type::Fixed64) => "fixed64",
        Some(Type::Fixed32) => "fixed32",
        Some(Type::Bool) => "bool",
        Some(Type::String) => "string",
        Some(Type::Bytes) => "bytes",
        Some(Type::Uint32) => "uint32",
        Some(Type::Sfixed32) => "sfixed32",
        Some(Type::Sfixed64) => "sfixed64",
        Some(Type::Sint32) => "sint32",
        Some(Type::Sint64) => "sint64",
        Some(Type::Group | Type::Message | Type::Enum) | None => field.type_name(),
    };
    keyword.to_owned()
}

/// protoc's JSON name: underscores dropped, the letter after each one raised.
fn json_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut raise = false;
    for c in name.chars() {
        if c == '_' {
            raise = true;
        } else if raise {
            out.push(c.to_ascii_uppercase());
            raise = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn qualify(scope: &str, name: &str) -> String {
    if scope.is_empty() {
        name.to_owned()
    } else {
        format!("{scope}.{name}")
    }
}

fn child(path: &[i32], items: &[i32]) -> Vec<i32> {
    let mut path = path.to_vec();
    path.extend_from_slice(items);
    path
}

fn index(i: usize) -> i32 {
    i32::try_from(i).unwrap_or(i32::MAX)
}
