//! The node kinds and field names of the grammars that the walker matches on, as constants, and
//! their lookups by id for the grammar being walked.
//!
//! The walker compares kinds and fields only through these constants; the tests below check each
//! against both grammars (TypeScript and TSX), so that a name the grammars do not have (a kind
//! renamed by a grammar update) fails a test instead of silently matching nothing.

use std::cell::RefCell;

use rustc_hash::FxHashMap;
use tree_sitter::{Node, Tree};

/// Defines each name as a `&str` constant and lists them all in `$list` (for the tests), so that
/// no constant is left out of the checks.
macro_rules! names {
    ($list:ident: $($name:ident = $value:literal,)*) => {
        $(pub(crate) const $name: &str = $value;)*
        #[cfg(test)]
        const $list: &[&str] = &[$($name),*];
    };
}

// Node kinds that both grammars have (named nodes).
names! {
    KINDS:
    ABSTRACT_CLASS_DECLARATION = "abstract_class_declaration",
    ACCESSIBILITY_MODIFIER = "accessibility_modifier",
    ARGUMENTS = "arguments",
    ARRAY = "array",
    ARRAY_PATTERN = "array_pattern",
    ARROW_FUNCTION = "arrow_function",
    AS_EXPRESSION = "as_expression",
    ASSIGNMENT_EXPRESSION = "assignment_expression",
    ASSIGNMENT_PATTERN = "assignment_pattern",
    AWAIT_EXPRESSION = "await_expression",
    BINARY_EXPRESSION = "binary_expression",
    CALL_EXPRESSION = "call_expression",
    CLASS = "class",
    CLASS_DECLARATION = "class_declaration",
    CLASS_HERITAGE = "class_heritage",
    COMMENT = "comment",
    COMPUTED_PROPERTY_NAME = "computed_property_name",
    DECORATOR = "decorator",
    ENUM_ASSIGNMENT = "enum_assignment",
    ENUM_DECLARATION = "enum_declaration",
    ESCAPE_SEQUENCE = "escape_sequence",
    EXPORT_CLAUSE = "export_clause",
    EXPORT_STATEMENT = "export_statement",
    FOR_IN_STATEMENT = "for_in_statement",
    FUNCTION_TYPE = "function_type",
    FUNCTION_DECLARATION = "function_declaration",
    FUNCTION_EXPRESSION = "function_expression",
    GENERATOR_FUNCTION = "generator_function",
    GENERATOR_FUNCTION_DECLARATION = "generator_function_declaration",
    IDENTIFIER = "identifier",
    IF_STATEMENT = "if_statement",
    IMPLEMENTS_CLAUSE = "implements_clause",
    IMPORT_CLAUSE = "import_clause",
    IMPORT_SPECIFIER = "import_specifier",
    IMPORT_STATEMENT = "import_statement",
    INTERFACE_DECLARATION = "interface_declaration",
    LEXICAL_DECLARATION = "lexical_declaration",
    MEMBER_EXPRESSION = "member_expression",
    METHOD_DEFINITION = "method_definition",
    METHOD_SIGNATURE = "method_signature",
    NAMED_IMPORTS = "named_imports",
    NAMESPACE_EXPORT = "namespace_export",
    NAMESPACE_IMPORT = "namespace_import",
    NEW_EXPRESSION = "new_expression",
    NON_NULL_EXPRESSION = "non_null_expression",
    NUMBER = "number",
    OBJECT = "object",
    OBJECT_ASSIGNMENT_PATTERN = "object_assignment_pattern",
    OBJECT_PATTERN = "object_pattern",
    OBJECT_TYPE = "object_type",
    OPTIONAL_PARAMETER = "optional_parameter",
    PAIR = "pair",
    PAIR_PATTERN = "pair_pattern",
    PARENTHESIZED_EXPRESSION = "parenthesized_expression",
    PROGRAM = "program",
    PROPERTY_IDENTIFIER = "property_identifier",
    PROPERTY_SIGNATURE = "property_signature",
    PUBLIC_FIELD_DEFINITION = "public_field_definition",
    REGEX = "regex",
    REQUIRED_PARAMETER = "required_parameter",
    REST_PATTERN = "rest_pattern",
    RETURN_STATEMENT = "return_statement",
    SATISFIES_EXPRESSION = "satisfies_expression",
    SHORTHAND_PROPERTY_IDENTIFIER = "shorthand_property_identifier",
    SHORTHAND_PROPERTY_IDENTIFIER_PATTERN = "shorthand_property_identifier_pattern",
    SPREAD_ELEMENT = "spread_element",
    STATEMENT_BLOCK = "statement_block",
    STRING = "string",
    STRING_FRAGMENT = "string_fragment",
    SUBSCRIPT_EXPRESSION = "subscript_expression",
    TEMPLATE_STRING = "template_string",
    TEMPLATE_SUBSTITUTION = "template_substitution",
    TERNARY_EXPRESSION = "ternary_expression",
    THIS = "this",
    TYPE_ALIAS_DECLARATION = "type_alias_declaration",
    TYPE_IDENTIFIER = "type_identifier",
    VARIABLE_DECLARATION = "variable_declaration",
    VARIABLE_DECLARATOR = "variable_declarator",
}

// JSX: node kinds of the TSX grammar only.
names! {
    TSX_ONLY_KINDS:
    JSX_ATTRIBUTE = "jsx_attribute",
    JSX_ELEMENT = "jsx_element",
    JSX_SELF_CLOSING_ELEMENT = "jsx_self_closing_element",
}

// `<T>x` casts: node kinds of the TypeScript grammar only (TSX reads `<T>` as JSX).
names! {
    TYPESCRIPT_ONLY_KINDS:
    TYPE_ASSERTION = "type_assertion",
}

// Field names (both grammars).
names! {
    FIELDS:
    FIELD_ALIAS = "alias",
    FIELD_ALTERNATIVE = "alternative",
    FIELD_ARGUMENTS = "arguments",
    FIELD_BODY = "body",
    FIELD_CONDITION = "condition",
    FIELD_CONSEQUENCE = "consequence",
    FIELD_CONSTRUCTOR = "constructor",
    FIELD_DECLARATION = "declaration",
    FIELD_FUNCTION = "function",
    FIELD_INDEX = "index",
    FIELD_KEY = "key",
    FIELD_LEFT = "left",
    FIELD_NAME = "name",
    FIELD_OBJECT = "object",
    FIELD_OPERATOR = "operator",
    FIELD_PARAMETER = "parameter",
    FIELD_PARAMETERS = "parameters",
    FIELD_PATTERN = "pattern",
    FIELD_PROPERTY = "property",
    FIELD_RETURN_TYPE = "return_type",
    FIELD_RIGHT = "right",
    FIELD_SOURCE = "source",
    FIELD_TYPE = "type",
    FIELD_VALUE = "value",
}

thread_local! {
    /// Field ids of the language being walked, by name: `child_by_field_name` compares the name
    /// with every field name of the grammar on each call, which showed as the top symbol.
    static FIELD_IDS: RefCell<(Option<&'static str>, FieldIds)> = RefCell::new((None, FxHashMap::default()));
    /// Node kind names of the language being walked, by kind id.
    static KIND_NAMES: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
}

type FieldIds = FxHashMap<&'static str, Option<u16>>;

/// Children by field name through the per-language cache of field ids.
pub(super) trait NodeFields<'t> {
    fn field(&self, name: &'static str) -> Option<Node<'t>>;
    /// `Node::kind` through the per-language table: `kind()` converts a C string every call.
    fn kind_name(&self) -> &'t str;
}

impl<'t> NodeFields<'t> for Node<'t> {
    fn field(&self, name: &'static str) -> Option<Node<'t>> {
        let id = FIELD_IDS.with(|f| {
            let mut f = f.borrow_mut();
            match f.1.get(name) {
                Some(&id) => id,
                None => {
                    let id = self.language().field_id_for_name(name).map(|id| id.get());
                    f.1.insert(name, id);
                    id
                }
            }
        })?;
        self.child_by_field_id(id)
    }

    fn kind_name(&self) -> &'t str {
        let id = self.kind_id() as usize;
        KIND_NAMES.with(|k| k.borrow().get(id).copied()).unwrap_or_else(|| self.kind())
    }
}

/// The grammars, kept for the whole run so that their kind names are `'static`.
fn static_language(name: &str) -> Option<&'static tree_sitter::Language> {
    static LANGUAGES: std::sync::OnceLock<(tree_sitter::Language, tree_sitter::Language)> = std::sync::OnceLock::new();
    let (ts, tsx) = LANGUAGES.get_or_init(|| {
        (tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(), tree_sitter_typescript::LANGUAGE_TSX.into())
    });
    match name {
        "typescript" => Some(ts),
        "tsx" => Some(tsx),
        _ => None,
    }
}

/// Points the field cache at `tree`'s grammar (TypeScript and TSX number fields differently).
pub(super) fn use_fields_of(tree: &Tree) {
    // The grammars carry no name here; their numbers of node kinds tell them apart.
    let count = tree.language().node_kind_count();
    let name: Option<&'static str> =
        ["typescript", "tsx"].into_iter().find(|n| static_language(n).is_some_and(|l| l.node_kind_count() == count));
    FIELD_IDS.with(|f| {
        let mut f = f.borrow_mut();
        if f.0 != name || name.is_none() {
            f.0 = name;
            f.1.clear();
            let kinds: Vec<&'static str> = match name.and_then(static_language) {
                Some(language) => (0..language.node_kind_count())
                    .map(|id| language.node_kind_for_id(id as u16).unwrap_or(""))
                    .collect(),
                None => Vec::new(),
            };
            KIND_NAMES.with(|k| *k.borrow_mut() = kinds);
        }
    });
}

#[cfg(test)]
mod tests {
    use tree_sitter::Language;

    use super::*;

    fn grammars() -> [(&'static str, Language); 2] {
        [
            ("typescript", tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into()),
            ("tsx", tree_sitter_typescript::LANGUAGE_TSX.into()),
        ]
    }

    #[test]
    fn every_kind_is_a_named_node_of_both_grammars() {
        for (name, language) in grammars() {
            for kind in KINDS {
                assert_ne!(language.id_for_node_kind(kind, true), 0, "{name} has no named node `{kind}`");
            }
        }
    }

    #[test]
    fn kinds_of_one_grammar_are_named_nodes_of_that_grammar_only() {
        let [(_, typescript), (_, tsx)] = grammars();
        for kind in TSX_ONLY_KINDS {
            assert_ne!(tsx.id_for_node_kind(kind, true), 0, "tsx has no named node `{kind}`");
            assert_eq!(typescript.id_for_node_kind(kind, true), 0, "typescript has `{kind}`: move it to KINDS");
        }
        for kind in TYPESCRIPT_ONLY_KINDS {
            assert_ne!(typescript.id_for_node_kind(kind, true), 0, "typescript has no named node `{kind}`");
            assert_eq!(tsx.id_for_node_kind(kind, true), 0, "tsx has `{kind}`: move it to KINDS");
        }
    }

    #[test]
    fn every_field_is_a_field_of_both_grammars() {
        for (name, language) in grammars() {
            for field in FIELDS {
                assert!(language.field_id_for_name(field).is_some(), "{name} has no field `{field}`");
            }
        }
    }
}
