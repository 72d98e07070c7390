//! Type declarations: interfaces and type literals, and the members of `Window` declarations.

use tree_sitter::Node;

use super::*;
use crate::syntax::ts::flow::declared_type_names;

impl<'a> Walker<'a> {
    pub(super) fn interface(&mut self, node: Node<'a>) {
        let (Some(name), Some(body)) = (node.field(FIELD_NAME), node.field(FIELD_BODY)) else {
            return;
        };
        let name = self.text(name).to_string();
        let members = self.type_members(body);
        let callbacks = self.type_callbacks(body);
        if name == "Window" {
            for (m, range, _) in &members {
                self.out.window_decls.push(WindowDecl { path: vec![m.clone()], name_range: *range });
            }
        }
        self.out.type_decls.push(TypeDecl { name, members, callbacks });
        self.inline_window_members(body);
    }

    pub(super) fn type_alias(&mut self, node: Node<'a>) {
        let (Some(name), Some(value)) = (node.field(FIELD_NAME), node.field(FIELD_VALUE)) else {
            return;
        };
        if value.kind_name() == OBJECT_TYPE {
            let members = self.type_members(value);
            let callbacks = self.type_callbacks(value);
            self.out.type_decls.push(TypeDecl { name: self.text(name).to_string(), members, callbacks });
            return;
        }
        let types = declared_type_names(self.text(value));
        if !types.is_empty() {
            self.out.type_aliases.push(TypeAlias { name: self.text(name).to_string(), types });
        }
    }

    /// `(name, name range, named type)` of each property of an interface body or object type.
    pub(super) fn type_members(&self, body: Node<'a>) -> Vec<(String, TextRange, Option<String>)> {
        let mut out = Vec::new();
        let mut c = body.walk();
        for m in body.named_children(&mut c) {
            if !matches!(m.kind_name(), PROPERTY_SIGNATURE | METHOD_SIGNATURE) {
                continue;
            }
            let Some(n) = m.field(FIELD_NAME) else { continue };
            let ty = m
                .field(FIELD_TYPE)
                .and_then(|t| t.named_child(0))
                .filter(|t| t.kind_name() == TYPE_IDENTIFIER)
                .map(|t| self.text(t).to_string());
            out.push((property_name(self.text(n)).to_string(), Self::range(n), ty));
        }
        out
    }

    /// The members of an interface body or object type that are functions, with the declared type
    /// names of each parameter: `backend?: (context: BackendContext) => void`,
    /// `renderer?(ctx: RendererContext): void`.
    pub(super) fn type_callbacks(&self, body: Node<'a>) -> Vec<(String, Vec<Vec<String>>)> {
        let mut out = Vec::new();
        let mut c = body.walk();
        for m in body.named_children(&mut c) {
            let Some(n) = m.field(FIELD_NAME) else { continue };
            let params = match m.kind_name() {
                METHOD_SIGNATURE => m.field(FIELD_PARAMETERS),
                PROPERTY_SIGNATURE => m
                    .field(FIELD_TYPE)
                    .and_then(|t| t.named_child(0))
                    .filter(|t| t.kind_name() == FUNCTION_TYPE)
                    .and_then(|t| t.field(FIELD_PARAMETERS)),
                _ => None,
            };
            let Some(params) = params else { continue };
            let mut pc = params.walk();
            let types: Vec<Vec<String>> = params
                .named_children(&mut pc)
                .filter(|p| matches!(p.kind_name(), REQUIRED_PARAMETER | OPTIONAL_PARAMETER))
                .map(|p| p.field(FIELD_TYPE).map(|t| declared_type_names(self.text(t))).unwrap_or_default())
                .collect();
            if types.iter().any(|t| !t.is_empty()) {
                out.push((property_name(self.text(n)).to_string(), types));
            }
        }
        out
    }

    /// Members of inline type literals under `interface Window { key: { member(): ... } }`.
    pub(super) fn inline_window_members(&mut self, body: Node<'a>) {
        let mut c = body.walk();
        let props: Vec<Node<'a>> = body.named_children(&mut c).collect();
        for p in props {
            if p.kind_name() != PROPERTY_SIGNATURE {
                continue;
            }
            let (Some(n), Some(t)) = (p.field(FIELD_NAME), p.field(FIELD_TYPE)) else {
                continue;
            };
            let Some(obj) = t.named_child(0).filter(|t| t.kind_name() == OBJECT_TYPE) else {
                continue;
            };
            let key = property_name(self.text(n)).to_string();
            let is_window = body.parent().and_then(|i| i.field(FIELD_NAME)).is_some_and(|n| self.text(n) == "Window");
            if !is_window {
                continue;
            }
            for (m, range, _) in self.type_members(obj) {
                self.out.window_decls.push(WindowDecl { path: vec![key.clone(), m], name_range: range });
            }
        }
    }
}
