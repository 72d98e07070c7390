//! Functions and the scopes they open: parameters (typed receivers, events, table items), loop
//! variables and `if` branches.

use tree_sitter::Node;

use super::decls::pattern_names;
use super::eval::{each_of, pattern_entries};
use super::*;
use crate::syntax::ts::electron_api::typed_recv;
use crate::syntax::ts::flow::declared_type_names;

impl<'a> Walker<'a> {
    pub(super) fn function(&mut self, node: Node<'a>) {
        let name = self.function_name(node);
        let name_range = node
            .field(FIELD_NAME)
            .map(Self::range)
            .unwrap_or_else(|| TextRange::new(node.start_byte() as u32, node.start_byte() as u32));
        if self.at_top_level() {
            if let FnName::Plain(n) = &name {
                if node.kind_name().ends_with("declaration") {
                    self.add_top_name(n.clone());
                }
            }
        }
        let index = self.out.functions.len() as u32;
        let mut params = Vec::new();
        let mut rest = None;
        let mut locals: Vec<(String, Local)> = Vec::new();
        let event_callback = self.event_callbacks.get(&node.id()).cloned();
        let each = self.each_callbacks.get(&node.id()).cloned();
        if let Some(p) = node.field(FIELD_PARAMETER) {
            // `ch => …`: the one parameter, bound as a parenthesized one would be.
            let pname = self.text(p).to_string();
            let local = match (&event_callback, &each) {
                (Some(event), _) => Local::Recv(event.clone()),
                (None, Some(e)) => Local::Value(e.clone()),
                (None, None) => Local::Value(Expr::Param { func: index, index: 0 }),
            };
            locals.push((pname.clone(), local));
            params.push(pname);
        }
        if let Some(ps) = node.field(FIELD_PARAMETERS) {
            let mut c = ps.walk();
            for p in ps.named_children(&mut c) {
                if !matches!(p.kind_name(), REQUIRED_PARAMETER | OPTIONAL_PARAMETER | IDENTIFIER | REST_PATTERN) {
                    continue;
                }
                let pat = p.field(FIELD_PATTERN).or_else(|| p.field(FIELD_NAME)).unwrap_or(p);
                let (pat, is_rest) = if pat.kind_name() == REST_PATTERN {
                    (pat.named_child(0).unwrap_or(pat), true)
                } else {
                    (pat, false)
                };
                if is_rest {
                    rest = Some(params.len() as u32);
                }
                let ty = p.field(FIELD_TYPE).map(|t| self.text(t)).unwrap_or("");
                let i = params.len() as u32;
                if pat.kind_name() == IDENTIFIER {
                    let pname = self.text(pat).to_string();
                    let declared = declared_type_names(ty);
                    if !declared.is_empty() {
                        self.param_types.insert((index, i), declared);
                    }
                    let local = if let Some(api) = typed_recv(ty) {
                        Local::Recv(Recv::Api(api))
                    } else if pname == "ipcRenderer" || pname == "ipcMain" {
                        // Passed in (`createBridge(ipcRenderer: IpcRendererLike)`): the name is telling.
                        let api = if pname == "ipcMain" { Api::IpcMain } else { Api::IpcRenderer };
                        Local::Recv(Recv::Api(api))
                    } else if let (0, Some(event)) = (i, &event_callback) {
                        Local::Recv(event.clone())
                    } else if i == 0 && each.is_some() {
                        Local::Value(each.clone().unwrap_or(Expr::Unknown))
                    } else {
                        Local::Value(Expr::Param { func: index, index: i })
                    };
                    locals.push((pname.clone(), local));
                    params.push(pname);
                } else if let (Some(e), 0) = (&each, i) {
                    // `Object.entries(t).forEach(([channel, fn]) => …)`, `forEach(({ channel }) => …)`.
                    for (n, v) in pattern_entries(self.src, pat, e) {
                        locals.push((n, v.map_or(Local::Opaque, Local::Value)));
                    }
                    params.push(String::new());
                } else {
                    for n in pattern_names(self.src, pat) {
                        locals.push((n, Local::Opaque));
                    }
                    // `_send({ channel, args })`: each destructured member is that member of the parameter.
                    if pat.kind_name() == OBJECT_PATTERN {
                        for (n, v) in pattern_entries(self.src, pat, &Expr::Param { func: index, index: i }) {
                            if let Some(v) = v {
                                locals.push((n, Local::Value(v)));
                            }
                        }
                    }
                    params.push(String::new());
                }
            }
        }
        self.out.functions.push(FunctionDef {
            name,
            params,
            rest,
            name_range,
            range: Self::range(node),
            parent: self.funcs.last().copied(),
        });
        self.scopes.push(locals);
        self.funcs.push(index);
        if let Some(body) = node.field(FIELD_BODY) {
            if body.kind_name() == STATEMENT_BLOCK {
                self.visit_children(body);
            } else {
                self.visit(body);
            }
        }
        self.funcs.pop();
        self.scopes.pop();
    }

    /// How a function is named: by its own name, or by what its parent said when visiting it.
    pub(super) fn function_name(&mut self, node: Node<'a>) -> FnName {
        if matches!(node.kind_name(), FUNCTION_DECLARATION | GENERATOR_FUNCTION_DECLARATION) {
            if let Some(n) = node.field(FIELD_NAME) {
                return FnName::Plain(self.text(n).to_string());
            }
        }
        if let Some(name) = self.pending_names.remove(&node.id()) {
            return name;
        }
        if node.kind_name() == METHOD_DEFINITION {
            if let (Some(n), Some(class)) = (node.field(FIELD_NAME), self.classes.last()) {
                return FnName::Method { class: class.clone(), name: property_name(self.text(n)).to_string() };
            }
        }
        FnName::Anonymous
    }

    pub(super) fn if_statement(&mut self, node: Node<'a>) {
        let id = node.start_byte() as u32;
        if let Some(c) = node.field(FIELD_CONDITION) {
            self.visit(c);
        }
        for (branch, field) in [(0u8, FIELD_CONSEQUENCE), (1, FIELD_ALTERNATIVE)] {
            if let Some(b) = node.field(field) {
                self.branches.push((id, branch));
                self.visit(b);
                self.branches.pop();
            }
        }
    }

    pub(super) fn for_in(&mut self, node: Node<'a>) {
        if self.at_top_level() && self.funcs.is_empty() {
            self.key_rewrite(node);
        }
        let (Some(left), Some(right)) = (node.field(FIELD_LEFT), node.field(FIELD_RIGHT)) else {
            self.visit_children(node);
            return;
        };
        let is_in = node.field(FIELD_OPERATOR).is_some_and(|o| self.text(o) == "in");
        let source = self.eval(right, 0);
        let mut locals = Vec::new();
        match left.kind_name() {
            IDENTIFIER if !is_in && self.holds_webcontents(unwrap_expr(right)) => {
                locals.push((self.text(left).to_string(), Local::Recv(Recv::Api(Api::WebContents))));
            }
            IDENTIFIER => {
                let v = if is_in { Expr::Each(Box::new(Expr::Keys(Box::new(source)))) } else { each_of(source) };
                locals.push((self.text(left).to_string(), Local::Value(v)));
            }
            ARRAY_PATTERN | OBJECT_PATTERN => {
                // `for (const [channel, fn] of Object.entries(t))`, `for (const { channel } of t)`.
                let each = if is_in { Expr::Each(Box::new(Expr::Keys(Box::new(source)))) } else { each_of(source) };
                for (n, v) in pattern_entries(self.src, left, &each) {
                    locals.push((n, v.map_or(Local::Opaque, Local::Value)));
                }
            }
            _ => {
                for n in pattern_names(self.src, left) {
                    locals.push((n, Local::Opaque));
                }
            }
        }
        self.visit(right);
        self.scopes.push(locals);
        if let Some(body) = node.field(FIELD_BODY) {
            self.visit(body);
        }
        self.scopes.pop();
    }
}

/// Whether `node` is a function expression (arrow, `function`, generator).
pub(super) fn is_function(node: Node) -> bool {
    matches!(node.kind_name(), ARROW_FUNCTION | FUNCTION_EXPRESSION | GENERATOR_FUNCTION)
}

/// How many parameters a function takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct ParamCount {
    /// Up to the last required one (optional parameters before it count).
    pub(super) required: u32,
    pub(super) all: u32,
}

/// The parameters of a function; `None` with a rest parameter.
pub(super) fn function_param_count(node: Node) -> Option<ParamCount> {
    if node.field(FIELD_PARAMETER).is_some() {
        return Some(ParamCount { required: 1, all: 1 });
    }
    let ps = node.field(FIELD_PARAMETERS)?;
    let mut c = ps.walk();
    let (mut required, mut all) = (0, 0);
    for p in ps.named_children(&mut c) {
        if p.kind_name() == COMMENT {
            continue;
        }
        let pat = p.field(FIELD_PATTERN).unwrap_or(p);
        if pat.kind_name() == REST_PATTERN {
            return None;
        }
        all += 1;
        if p.kind_name() == REQUIRED_PARAMETER && p.field(FIELD_VALUE).is_none() {
            required = all;
        }
    }
    Some(ParamCount { required, all })
}
