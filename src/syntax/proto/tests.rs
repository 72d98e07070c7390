//! Tests of the contract summary: compiling, ranges, comments, errors and channel naming.

use std::sync::Arc;

use super::*;
use crate::base::TextRange;

/// Compiles `files` (path, text) with the workspace root as the only import root.
fn check(files: &[(&str, &str)]) -> Contract {
    check_with_roots(files, &[""])
}

fn check_with_roots(files: &[(&str, &str)], roots: &[&str]) -> Contract {
    let files: Vec<ProtoSource> =
        files.iter().map(|(path, text)| ProtoSource { path: (*path).to_owned(), text: Arc::from(*text) }).collect();
    let roots: Vec<String> = roots.iter().map(|root| (*root).to_owned()).collect();
    compile(&ContractInput { files: &files, roots: &roots })
}

fn slice(text: &str, range: TextRange) -> &str {
    &text[range.start as usize..range.end as usize]
}

fn service<'c>(contract: &'c Contract, name: &str) -> &'c Service {
    contract
        .services
        .iter()
        .find(|service| service.name == name)
        .unwrap_or_else(|| panic!("no service {name} in {contract:#?}"))
}

fn message<'c>(contract: &'c Contract, full_name: &str) -> &'c Message {
    contract
        .messages
        .iter()
        .find(|message| message.full_name == full_name)
        .unwrap_or_else(|| panic!("no message {full_name} in {contract:#?}"))
}

fn field<'m>(message: &'m Message, name: &str) -> &'m Field {
    message.fields.iter().find(|field| field.name == name).unwrap_or_else(|| panic!("no field {name} in {message:#?}"))
}

/// The single error of `file`, which must exist.
fn only_error<'c>(contract: &'c Contract, file: &str) -> &'c ProtoError {
    let errors: Vec<&ProtoError> = contract.errors.iter().filter(|e| e.file == file).collect();
    assert_eq!(errors.len(), 1, "expected one error in {file}: {:#?}", contract.errors);
    errors[0]
}

const DIALOG: &str = r#"syntax = "proto3";

package app;

import "google/protobuf/empty.proto";
import "google/protobuf/wrappers.proto";

service DialogService {
  // Opens the native file dialog and returns the chosen path.
  rpc OpenFile(google.protobuf.Empty) returns (google.protobuf.StringValue);
}
"#;

#[test]
fn dialog_example() {
    let contract = check(&[("proto/dialog.proto", DIALOG)]);
    assert_eq!(contract.errors, []);
    let dialog = service(&contract, "DialogService");
    assert_eq!(dialog.full_name, "app.DialogService");
    assert_eq!(dialog.package, "app");
    assert_eq!(dialog.file, "proto/dialog.proto");
    assert_eq!(slice(DIALOG, dialog.name_range), "DialogService");
    assert!(slice(DIALOG, dialog.range).starts_with("service DialogService {"));
    assert!(slice(DIALOG, dialog.range).ends_with('}'));

    let [open] = dialog.methods.as_slice() else {
        panic!("one rpc expected: {dialog:#?}");
    };
    assert_eq!(open.name, "OpenFile");
    assert_eq!(slice(DIALOG, open.name_range), "OpenFile");
    assert_eq!(slice(DIALOG, open.range), "rpc OpenFile(google.protobuf.Empty) returns (google.protobuf.StringValue);");
    assert_eq!(open.comments, "Opens the native file dialog and returns the chosen path.");
    assert_eq!(open.input_type, "google.protobuf.Empty");
    assert_eq!(open.output_type, "google.protobuf.StringValue");
    assert!(!open.client_streaming && !open.server_streaming);
    assert_eq!(open.channel_option, None);
    assert_eq!(channel_for(DEFAULT_TEMPLATE, dialog, open), "dialog:openFile");

    let [file] = contract.files.as_slice() else {
        panic!("one file expected");
    };
    assert!(file.parsed && file.linked);
    assert_eq!(file.import_name, "proto/dialog.proto");
    assert_eq!(file.imports.len(), 2);
    assert_eq!(slice(DIALOG, file.imports[0].range), r#"import "google/protobuf/empty.proto";"#);
}

#[test]
fn comment_after_the_opening_brace_belongs_to_the_service() {
    // Like protoc, protox attaches a comment on the line of `{` to the service as its
    // trailing comment, not to the rpc on the next line.
    let text = "syntax = \"proto3\";\nimport \"google/protobuf/empty.proto\";\n\
        import \"google/protobuf/wrappers.proto\";\n\
        service DialogService { // Opens the native file dialog and returns the chosen path.\n \
        rpc OpenFile(google.protobuf.Empty) returns (google.protobuf.StringValue); }\n";
    let contract = check(&[("dialog.proto", text)]);
    assert_eq!(contract.errors, []);
    let dialog = service(&contract, "DialogService");
    assert_eq!(dialog.comments, "Opens the native file dialog and returns the chosen path.");
    assert_eq!(dialog.methods[0].comments, "");
    assert_eq!(dialog.full_name, "DialogService");
    assert_eq!(channel_for(DEFAULT_TEMPLATE, dialog, &dialog.methods[0]), "dialog:openFile");
}

#[test]
fn comments_are_stripped_and_trimmed() {
    let text = r#"syntax = "proto3";
// Detached: not attached to anything.

/* A block
 * comment. */
message Request {
  // The path.
  //   Indented second line.
  string path = 1; // Trailing.
}
"#;
    let contract = check(&[("a.proto", text)]);
    assert_eq!(contract.errors, []);
    let request = message(&contract, "Request");
    assert_eq!(request.comments, "A block\ncomment.");
    assert_eq!(field(request, "path").comments, "The path.\nIndented second line.\nTrailing.");
}

#[test]
fn channel_names_for_every_placeholder() {
    let text = r#"syntax = "proto3";
package my.app;
message M {}
service AppUpdaterService { rpc CheckForUpdates(M) returns (M); }
service Service { rpc URLOpen(M) returns (M); }
"#;
    let contract = check(&[("a.proto", text)]);
    assert_eq!(contract.errors, []);
    let updater = service(&contract, "AppUpdaterService");
    let rpc = &updater.methods[0];
    let cases = [
        ("{service}:{method}", "appUpdater:checkForUpdates"),
        ("{Service}.{Method}", "AppUpdaterService.CheckForUpdates"),
        ("{package}/{service}/{method}", "my.app/appUpdater/checkForUpdates"),
        ("ipc-{method}", "ipc-checkForUpdates"),
        ("{Method}", "CheckForUpdates"),
    ];
    for (template, expected) in cases {
        assert_eq!(validate_template(template), Ok(()), "{template}");
        assert_eq!(channel_for(template, updater, rpc), expected, "{template}");
    }

    let bare = service(&contract, "Service");
    assert_eq!(channel_for(DEFAULT_TEMPLATE, bare, &bare.methods[0]), "service:urlOpen");
    // An invalid template falls back to the default one.
    assert_eq!(channel_for("{nope}", updater, rpc), "appUpdater:checkForUpdates");
}

#[test]
fn template_validation() {
    let error = |template: &str| validate_template(template).unwrap_err();
    assert!(error("{service}:{methods}").contains("unknown placeholder '{methods}'"));
    assert!(error("{service}:{method").contains("unbalanced '{'"));
    assert!(error("{service}:method}").contains("unbalanced '}'"));
    assert!(error("{service:{method}}").contains("unbalanced '{'"));
    assert!(error("{service}:x").contains("must contain {method} or {Method}"));
    assert!(error("").contains("must contain"));
    assert_eq!(validate_template("{Method}"), Ok(()));
}

#[test]
fn camel_case() {
    let cases = [
        ("OpenFile", "openFile", "OpenFile"),
        ("openFile", "openFile", "OpenFile"),
        ("open_file", "openFile", "OpenFile"),
        ("URLOpen", "urlOpen", "URLOpen"),
        ("OpenURL", "openURL", "OpenURL"),
        ("IO", "io", "IO"),
        ("HTTP2Server", "http2Server", "HTTP2Server"),
        ("X", "x", "X"),
        ("", "", ""),
        ("Élan", "élan", "Élan"),
    ];
    for (input, lower, upper) in cases {
        assert_eq!(lower_camel(input), lower, "lower_camel({input})");
        assert_eq!(upper_camel(input), upper, "upper_camel({input})");
    }
    assert_eq!(service_camel("DialogService"), "dialog");
    assert_eq!(service_camel("AppUpdaterService"), "appUpdater");
    assert_eq!(service_camel("Dialog"), "dialog");
    assert_eq!(service_camel("Service"), "service");
}

#[test]
fn method_option_overrides_the_template() {
    let text = r#"syntax = "proto3";
import "ipcls/options.proto";
import "google/protobuf/empty.proto";

service DialogService {
  rpc OpenFile(google.protobuf.Empty) returns (google.protobuf.Empty) {
    option (ipcls.channel) = "files:open";
  }
  rpc Save(google.protobuf.Empty) returns (google.protobuf.Empty) {
    option (ipcls.channel) = 'files:' "save";
  }
  rpc Close(google.protobuf.Empty) returns (google.protobuf.Empty) {}
}
"#;
    let contract = check(&[("dialog.proto", text)]);
    assert_eq!(contract.errors, []);
    assert!(contract.files[0].linked);
    let dialog = service(&contract, "DialogService");
    let [open, save, close] = dialog.methods.as_slice() else {
        panic!("three rpcs expected");
    };
    let (channel, range) = open.channel_option.clone().unwrap();
    assert_eq!(channel, "files:open");
    assert_eq!(slice(text, range), "\"files:open\"");
    assert_eq!(channel_for(DEFAULT_TEMPLATE, dialog, open), "files:open");
    assert!(slice(text, open.range).ends_with("}"));

    let (channel, range) = save.channel_option.clone().unwrap();
    assert_eq!(channel, "files:save");
    assert_eq!(slice(text, range), "'files:' \"save\"");
    assert_eq!(channel_for("{Method}", dialog, save), "files:save");

    assert_eq!(close.channel_option, None);
    assert_eq!(channel_for(DEFAULT_TEMPLATE, dialog, close), "dialog:close");
}

#[test]
fn method_option_without_the_import_is_an_error_but_still_names_the_channel() {
    let text = r#"syntax = "proto3";
message M {}
service S {
  rpc Go(M) returns (M) { option (ipcls.channel) = "go:now"; }
}
"#;
    let contract = check(&[("s.proto", text)]);
    let error = only_error(&contract, "s.proto");
    assert!(error.message.contains("ipcls.channel"), "{error:?}");
    assert!(slice(text, error.range.unwrap()).contains("ipcls.channel"), "{error:?}");
    assert!(!contract.files[0].linked);
    let s = service(&contract, "S");
    assert_eq!(channel_for(DEFAULT_TEMPLATE, s, &s.methods[0]), "go:now");
}

#[test]
fn options_proto_is_served_by_ipcls() {
    let contract = check(&[("ipcls/options.proto", OPTIONS_PROTO)]);
    assert_eq!(contract.errors, []);
    assert!(contract.files[0].linked);
    assert_eq!(OPTIONS_PROTO_NAME, "ipcls/options.proto");
}

#[test]
fn inverse_mapping_round_trips() {
    let text = r#"syntax = "proto3";
package my.app;
message M {}
service AppUpdaterService {
  rpc CheckForUpdates(M) returns (M);
  rpc URLOpen(M) returns (M);
  rpc Go(M) returns (M);
}
"#;
    let contract = check(&[("a.proto", text)]);
    let updater = service(&contract, "AppUpdaterService");
    let templates = [
        "{service}:{method}",
        "{Service}.{Method}",
        "{package}/{service}/{method}",
        "{method}",
        "{method}-{method}",
        "{method}:{Method}",
        "x{service}{method}y",
    ];
    for template in templates {
        for rpc in &updater.methods {
            let channel = channel_for(template, updater, rpc);
            let method = method_for_channel(template, updater, &channel);
            let method = method.unwrap_or_else(|| panic!("{template} {channel}"));
            // `URLOpen` and `UrlOpen` have the same lowerCamel channel; the inverse gives the
            // plain one, which derives the same channel.
            if rpc.name != "URLOpen" || template.contains("{Method}") {
                assert_eq!(method, rpc.name, "{template} {channel}");
            }
            let renamed = Rpc { name: method, ..rpc.clone() };
            assert_eq!(channel_for(template, updater, &renamed), channel);
        }
    }
    assert_eq!(method_for_channel(DEFAULT_TEMPLATE, updater, "appUpdater:urlOpen").as_deref(), Some("UrlOpen"));
    let inverse = |template: &str, channel: &str| method_for_channel(template, updater, channel);
    assert_eq!(inverse(DEFAULT_TEMPLATE, "appUpdater:openFile").as_deref(), Some("OpenFile"));
    assert_eq!(inverse(DEFAULT_TEMPLATE, "dialog:openFile"), None);
    assert_eq!(inverse(DEFAULT_TEMPLATE, "appUpdater:"), None);
    assert_eq!(inverse(DEFAULT_TEMPLATE, "appUpdater:open-file"), None);
    assert_eq!(inverse(DEFAULT_TEMPLATE, "appUpdater:open_file"), None);
    assert_eq!(inverse(DEFAULT_TEMPLATE, "appUpdater:OpenFile"), None);
    assert_eq!(inverse("{Method}", "open_file").as_deref(), Some("open_file"));
    assert_eq!(inverse("{method}-{method}", "a-b"), None);
    assert_eq!(inverse("{service}:x", "appUpdater:x"), None);
    assert_eq!(inverse("{nope}:{method}", "x:y"), None);
}

#[test]
fn broken_file_next_to_a_good_one() {
    let broken = "syntax = \"proto3\";\nservice Broken {\n  rpc Oops(\n}\n";
    let contract = check(&[("broken.proto", broken), ("dialog.proto", DIALOG)]);
    let error = only_error(&contract, "broken.proto");
    assert_eq!(slice(broken, error.range.unwrap()), "}");
    assert!(error.message.contains("expected"), "{error:?}");
    assert_eq!(contract.errors.len(), 1);
    assert_eq!(contract.services.len(), 1);
    assert_eq!(service(&contract, "DialogService").methods.len(), 1);
    assert!(!contract.files[0].parsed);
    assert!(contract.files[1].linked);
}

#[test]
fn type_errors_point_at_the_type() {
    let text = "syntax = \"proto3\";\nmessage M {\n  Missing m = 1;\n}\nservice S { rpc Go(M) returns (M); }\n";
    let contract = check(&[("a.proto", text)]);
    let error = only_error(&contract, "a.proto");
    assert_eq!(slice(text, error.range.unwrap()), "Missing");
    assert!(error.message.contains("Missing"), "{error:?}");
    // The file's declarations are still there, read from its syntax.
    assert_eq!(service(&contract, "S").methods[0].input_type, "M");
    assert_eq!(field(message(&contract, "M"), "m").type_name, "Missing");
}

#[test]
fn error_in_an_imported_file_is_reported_once() {
    let common = "syntax = \"proto3\";\nmessage Common {\n  Nope n = 1;\n}\n";
    let user = "syntax = \"proto3\";\nimport \"common.proto\";\nservice S { rpc Go(Common) returns (Common); }\n";
    let contract = check(&[("user.proto", user), ("common.proto", common)]);
    assert_eq!(contract.errors.len(), 1, "{:#?}", contract.errors);
    let error = only_error(&contract, "common.proto");
    assert_eq!(slice(common, error.range.unwrap()), "Nope");
    // The importer is not linked, but its services are kept.
    assert!(!contract.files[0].linked);
    assert_eq!(service(&contract, "S").methods[0].input_type, "Common");
}

#[test]
fn imports_resolve_through_the_roots() {
    let types = "syntax = \"proto3\";\npackage common;\nmessage Path { string value = 1; }\n";
    let api = "syntax = \"proto3\";\npackage api;\nimport \"common/types.proto\";\n\
        service FilesService { rpc Open(common.Path) returns (common.Path); }\n";
    let contract = check_with_roots(&[("proto/api.proto", api), ("proto/common/types.proto", types)], &["proto"]);
    assert_eq!(contract.errors, []);
    assert_eq!(contract.files[0].import_name, "api.proto");
    assert_eq!(contract.files[1].import_name, "common/types.proto");
    assert_eq!(contract.files[0].imports[0].path.as_deref(), Some("proto/common/types.proto"));
    assert!(contract.files.iter().all(|file| file.linked));
    let files = service(&contract, "FilesService");
    assert_eq!(files.methods[0].input_type, "common.Path");
    assert_eq!(channel_for(DEFAULT_TEMPLATE, files, &files.methods[0]), "files:open");

    // The same import with the workspace root as the only root is not found.
    let contract = check(&[("proto/api.proto", api), ("proto/common/types.proto", types)]);
    let error = only_error(&contract, "proto/api.proto");
    assert_eq!(slice(api, error.range.unwrap()), "import \"common/types.proto\";");
    assert_eq!(error.message, "import 'common/types.proto' not found in the import roots (the workspace root)");
}

#[test]
fn import_cycles_are_errors() {
    let a = "syntax = \"proto3\";\nimport \"b.proto\";\nmessage A {}\n";
    let b = "syntax = \"proto3\";\nimport \"a.proto\";\nmessage B {}\n";
    let own = "syntax = \"proto3\";\nimport \"self.proto\";\nmessage S {}\n";
    let c = "syntax = \"proto3\";\nimport \"a.proto\";\nmessage C {}\n";
    let contract = check(&[("a.proto", a), ("b.proto", b), ("self.proto", own), ("c.proto", c)]);
    let error = only_error(&contract, "a.proto");
    assert_eq!(error.message, "import cycle: a.proto -> b.proto -> a.proto");
    assert_eq!(slice(a, error.range.unwrap()), "import \"b.proto\";");
    let error = only_error(&contract, "b.proto");
    assert_eq!(error.message, "import cycle: b.proto -> a.proto -> b.proto");
    let error = only_error(&contract, "self.proto");
    assert_eq!(error.message, "import cycle: self.proto -> self.proto");
    // A file that imports a cycle is not in it and has no error of its own.
    assert!(contract.errors.iter().all(|error| error.file != "c.proto"));
    assert_eq!(contract.messages.len(), 4);
    assert!(contract.files.iter().all(|file| !file.linked));
}

#[test]
fn imports_never_leave_the_given_files() {
    // protox-parse refuses most of these itself (a parse error at the string literal); the
    // rest are refused before any lookup (an error at the import statement).
    for import in
        ["../../../etc/passwd", "/etc/passwd", "a/./b.proto", "a//b.proto", "a\\\\b.proto", "C:/Windows/win.ini"]
    {
        let text = format!("syntax = \"proto3\";\nimport \"{import}\";\nmessage M {{}}\n");
        let contract = check_with_roots(&[("proto/x.proto", &text)], &["proto", ""]);
        let error = only_error(&contract, "proto/x.proto");
        assert!(error.message.contains("is not allowed"), "{error:?}");
        let quoted = format!("\"{import}\"");
        let at = slice(&text, error.range.unwrap());
        assert!(at == quoted || at == format!("import {quoted};"), "{at} {error:?}");
    }

    // A file that exists on disk but not among the given files is not found.
    let text = "syntax = \"proto3\";\nimport \"etc/passwd\";\n";
    let contract = check_with_roots(&[("x.proto", text)], &["/"]);
    assert!(contract.errors[0].message.contains("not found"));
}

#[test]
fn well_known_types_resolve() {
    let text = r#"syntax = "proto3";
import "google/protobuf/timestamp.proto";
import "google/protobuf/duration.proto";
import "google/protobuf/struct.proto";
import "google/protobuf/wrappers.proto";
import "google/protobuf/any.proto";
import "google/protobuf/field_mask.proto";
import "google/protobuf/api.proto";
message M {
  google.protobuf.Timestamp at = 1;
  google.protobuf.Duration after = 2;
  google.protobuf.Struct data = 3;
  google.protobuf.Int64Value count = 4;
  google.protobuf.Any any = 5;
  google.protobuf.FieldMask mask = 6;
  google.protobuf.Api api = 7;
}
"#;
    let contract = check(&[("m.proto", text)]);
    assert_eq!(contract.errors, []);
    let m = message(&contract, "M");
    assert_eq!(field(m, "at").type_name, ".google.protobuf.Timestamp");
    assert_eq!(field(m, "api").type_name, ".google.protobuf.Api");
}

#[test]
fn non_ascii_before_names() {
    let text = "syntax = \"proto3\"; /* é */\npackage p;\n/* café – 📚 */ message Café_Not_Allowed_So_Plain {}\n\
        /* é */ message Req { /* 📚 */ string na_me = 1; }\n\
        /* – */ service ÉService {}\n";
    // Non-ASCII identifiers are a parse error, at the right byte range.
    let contract = check(&[("a.proto", text)]);
    let error = only_error(&contract, "a.proto");
    assert_eq!(slice(text, error.range.unwrap()), "é");

    let text = "syntax = \"proto3\"; /* é */\npackage p;\n\
        /* café – 📚 */ message Req { /* 📚 */ string na_me = 1; /* é */ Kind kind = 2; }\n\
        /* é */ enum Kind { /* – */ KIND_UNSET = 0; }\n\
        /* – */ service FilesService {\n  /* 📚 */ rpc Open(Req) returns (Req); }\n";
    let contract = check(&[("a.proto", text)]);
    assert_eq!(contract.errors, []);
    let req = message(&contract, "p.Req");
    assert_eq!(slice(text, req.name_range), "Req");
    assert_eq!(req.comments, "café – 📚");
    let name = field(req, "na_me");
    assert_eq!(slice(text, name.name_range), "na_me");
    assert_eq!(name.json_name, "naMe");
    assert_eq!(slice(text, field(req, "kind").name_range), "kind");
    assert_eq!(field(req, "kind").type_name, ".p.Kind");
    let kind = &contract.enums[0];
    assert_eq!(slice(text, kind.name_range), "Kind");
    assert_eq!(slice(text, kind.values[0].name_range), "KIND_UNSET");
    let files = service(&contract, "FilesService");
    assert_eq!(slice(text, files.name_range), "FilesService");
    assert_eq!(slice(text, files.methods[0].name_range), "Open");
    assert_eq!(files.methods[0].comments, "📚");
}

#[test]
fn parse_error_ranges_on_non_ascii_lines() {
    let text = "syntax = \"proto3\";\n// 📚📚\nmessage M { /* é */ string s = ; }\n";
    let contract = check(&[("a.proto", text)]);
    let error = only_error(&contract, "a.proto");
    assert_eq!(slice(text, error.range.unwrap()), ";");
}

#[test]
fn streaming_flags() {
    let text = r#"syntax = "proto3";
message M {}
service S {
  rpc Unary(M) returns (M);
  rpc Upload(stream M) returns (M);
  rpc Watch(M) returns (stream M);
  rpc Chat(stream M) returns (stream M);
}
"#;
    let contract = check(&[("s.proto", text)]);
    assert_eq!(contract.errors, []);
    let flags: Vec<(&str, bool, bool)> = service(&contract, "S")
        .methods
        .iter()
        .map(|rpc| (rpc.name.as_str(), rpc.client_streaming, rpc.server_streaming))
        .collect();
    assert_eq!(
        flags,
        [("Unary", false, false), ("Upload", true, false), ("Watch", false, true), ("Chat", true, true),]
    );
}

#[test]
fn field_labels() {
    let text = r#"syntax = "proto3";
package p;
message Outer {
  message Inner { int32 x = 1; }
  enum Mode { MODE_UNSET = 0; }
  map<string, Inner> by_name = 1;
  repeated string tags = 2;
  optional int64 size = 3;
  string plain = 4;
  oneof choice {
    string text = 5;
    Mode mode = 6;
  }
  bytes data = 7;
}
"#;
    let contract = check(&[("p.proto", text)]);
    assert_eq!(contract.errors, []);
    let names: Vec<&str> = contract.messages.iter().map(|m| m.full_name.as_str()).collect();
    assert_eq!(names, ["p.Outer", "p.Outer.Inner"]);
    assert_eq!(contract.enums[0].full_name, "p.Outer.Mode");
    let outer = message(&contract, "p.Outer");
    let by_name = field(outer, "by_name");
    assert_eq!(by_name.label, FieldLabel::Map("string".to_owned(), ".p.Outer.Inner".to_owned()));
    assert_eq!(by_name.json_name, "byName");
    assert_eq!(field(outer, "tags").label, FieldLabel::Repeated);
    assert_eq!(field(outer, "tags").type_name, "string");
    assert_eq!(field(outer, "size").label, FieldLabel::Optional);
    assert_eq!(field(outer, "size").oneof, None);
    assert_eq!(field(outer, "plain").label, FieldLabel::Singular);
    assert_eq!(field(outer, "text").oneof.as_deref(), Some("choice"));
    assert_eq!(field(outer, "text").label, FieldLabel::Singular);
    assert_eq!(field(outer, "mode").type_name, ".p.Outer.Mode");
    assert_eq!(field(outer, "data").number, 7);

    let proto2 = "syntax = \"proto2\";\nmessage M { optional string a = 1; required int32 b = 2; }\n";
    let contract = check(&[("m.proto", proto2)]);
    assert_eq!(contract.errors, []);
    let m = message(&contract, "M");
    assert_eq!(field(m, "a").label, FieldLabel::Optional);
    assert_eq!(field(m, "b").label, FieldLabel::Required);
}

#[test]
fn unlinked_map_fields_keep_their_types() {
    let text = "syntax = \"proto3\";\nimport \"missing.proto\";\nmessage M { map<string, Thing> things = 1; }\n";
    let contract = check(&[("m.proto", text)]);
    assert_eq!(contract.errors.len(), 1);
    let things = field(message(&contract, "M"), "things");
    assert_eq!(things.label, FieldLabel::Map("string".to_owned(), "Thing".to_owned()));
    assert_eq!(things.json_name, "things");
}

#[test]
fn output_follows_input_order_then_source_order() {
    let a = "syntax = \"proto3\";\nmessage M {}\nservice Z { rpc A(M) returns (M); }\nservice Y { rpc B(M) returns (M); }\n";
    let b = "syntax = \"proto3\";\npackage b;\nmessage M {}\nservice X { rpc C(M) returns (M); }\n";
    let first = check(&[("b.proto", b), ("a.proto", a)]);
    let names: Vec<&str> = first.services.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["X", "Z", "Y"]);
    assert_eq!(first, check(&[("b.proto", b), ("a.proto", a)]));
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    let depth = 10_000;
    let text = format!("syntax = \"proto3\";\n{}{}", "message A { ".repeat(depth), "}".repeat(depth));
    let contract = check(&[("deep.proto", &text), ("dialog.proto", DIALOG)]);
    let error = only_error(&contract, "deep.proto");
    assert!(error.message.contains("nested"), "{error:?}");
    assert_eq!(contract.services.len(), 1);
}

#[test]
fn deep_option_values_do_not_overflow_the_stack() {
    let depth = 10_000;
    // Deep braces in an option value are skipped by the parser, then parsed as text format
    // when the option is interpreted.
    let text = format!(
        "syntax = \"proto3\";\nimport \"google/protobuf/descriptor.proto\";\n\
         message Deep {{ Deep d = 1; }}\n\
         extend google.protobuf.MessageOptions {{ Deep deep = 50000; }}\n\
         message M {{ option (deep) = {}{}; }}\n",
        "{ d ".repeat(depth),
        "}".repeat(depth)
    );
    let contract = check(&[("deep.proto", &text)]);
    let error = only_error(&contract, "deep.proto");
    assert!(error.message.contains("nested more than"), "{error:?}");

    // Up to the limit, the option is interpreted.
    let text = format!(
        "syntax = \"proto3\";\nimport \"google/protobuf/descriptor.proto\";\n\
         message Deep {{ Deep d = 1; }}\n\
         extend google.protobuf.MessageOptions {{ Deep deep = 50000; }}\n\
         message M {{ option (deep) = {}{{}}{}; }}\n",
        "{ d ".repeat(45),
        "}".repeat(45)
    );
    let contract = check(&[("deep.proto", &text)]);
    assert_eq!(contract.errors, []);
    assert!(contract.files[0].linked);
    let text = format!("syntax = \"proto3\";\n{}", "{".repeat(100_000));
    let contract = check(&[("braces.proto", &text)]);
    assert_eq!(contract.errors.len(), 1);
}

/// A small deterministic generator, so failures reproduce.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn arbitrary_input_never_panics() {
    const PIECES: &[&str] = &[
        "syntax = \"proto3\";",
        "syntax = \"proto2\";",
        "package p;",
        "import \"b.proto\";",
        "import \"a.proto\";",
        "import \"ipcls/options.proto\";",
        "import public \"google/protobuf/empty.proto\";",
        "message",
        "service",
        "rpc",
        "returns",
        "stream",
        "enum",
        "oneof",
        "map<",
        ">",
        "option",
        "(ipcls.channel)",
        "=",
        "\"x:y\"",
        "'é'",
        "{",
        "}",
        "(",
        ")",
        ";",
        ",",
        "M",
        "S",
        "1",
        "-1",
        "0x7fffffff",
        "99999999999999999999",
        "string",
        "repeated",
        "optional",
        "required",
        "extend",
        "google.protobuf.MethodOptions",
        "reserved",
        "to",
        "max",
        "//",
        "/*",
        "*/",
        "\n",
        " ",
        "é",
        "📚",
        "\"",
        "\\",
        "\0",
        "group",
        "extensions",
        "[",
        "]",
        "json_name",
        "default",
        "=",
    ];
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    for _ in 0..400 {
        let mut texts = Vec::new();
        for _ in 0..2 {
            let mut text = String::new();
            if rng.below(2) == 0 {
                let bytes: Vec<u8> = (0..rng.below(200)).map(|_| rng.next() as u8).collect();
                text.push_str(&String::from_utf8_lossy(&bytes));
            } else {
                for _ in 0..rng.below(60) {
                    text.push_str(PIECES[rng.below(PIECES.len())]);
                    text.push(' ');
                }
            }
            texts.push(text);
        }
        let contract = check(&[("a.proto", &texts[0]), ("b.proto", &texts[1])]);
        for error in &contract.errors {
            let text = if error.file == "a.proto" { &texts[0] } else { &texts[1] };
            if let Some(range) = error.range {
                assert!(range.start <= range.end && range.end as usize <= text.len());
                assert!(text.is_char_boundary(range.start as usize));
                assert!(text.is_char_boundary(range.end as usize));
            }
        }
    }
}

#[test]
fn duplicate_paths_and_duplicate_imports() {
    let text =
        "syntax = \"proto3\";\nimport \"google/protobuf/empty.proto\";\nimport \"google/protobuf/empty.proto\";\n";
    let contract = check(&[("a.proto", text), ("a.proto", "garbage")]);
    assert_eq!(contract.files.len(), 1);
    let error = only_error(&contract, "a.proto");
    assert_eq!(error.message, "import 'google/protobuf/empty.proto' is listed twice");
    let second = text.rfind("import").unwrap();
    assert_eq!(error.range.unwrap().start as usize, second);
    assert_eq!(slice(text, error.range.unwrap()), "import \"google/protobuf/empty.proto\";");
}
