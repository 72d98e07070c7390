//! Functions and the scopes they open: parameters (typed receivers, events, table items), loop
//! variables and `if` branches.

use tree_sitter::Node;

use super::decls::pattern_names;
use super::eval::{each_of, pattern_entries, returned_name};
use super::*;
use crate::syntax::ts::electron_api::typed_recv;
use crate::syntax::ts::flow::{declared_result_names, declared_type_names};

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
        let mut param_types: Vec<Vec<String>> = Vec::new();
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
            param_types.push(Vec::new());
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
                param_types.push(declared_type_names(ty));
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
                    // `({ ipc }) => …`, `({ ipc: { invoke } }) => …`, `_send({ channel, args })`: each
                    // destructured name is that member of the parameter, which may be a context
                    // object (docs/design.md § Context objects) or carry a channel.
                    let members = pattern_members(self.src, pat);
                    for n in pattern_names(self.src, pat) {
                        let local = match members.iter().find(|(m, _)| *m == n) {
                            Some((_, path)) => {
                                Local::Value(path.iter().fold(Expr::Param { func: index, index: i }, |e, m| {
                                    Expr::Member(Box::new(e), m.clone())
                                }))
                            }
                            None => Local::Opaque,
                        };
                        locals.push((n, local));
                    }
                    params.push(String::new());
                }
            }
        }
        let returns = node.field(FIELD_RETURN_TYPE).map(|t| declared_result_names(self.text(t))).unwrap_or_default();
        self.out.functions.push(FunctionDef {
            name,
            params,
            rest,
            name_range,
            range: Self::range(node),
            parent: self.funcs.last().copied(),
            param_types,
            returns,
        });
        self.scopes.push(locals);
        self.funcs.push(index);
        if let (FnName::Plain(n), 1) = (&self.out.functions[index as usize].name, self.funcs.len()) {
            let n = n.clone();
            self.returned_object(&n, node);
        }
        if let Some(body) = node.field(FIELD_BODY) {
            if body.kind_name() == STATEMENT_BLOCK {
                self.visit_children(body);
            } else {
                self.returned(body);
                self.visit(body);
            }
        }
        self.funcs.pop();
        self.scopes.pop();
    }

    /// The object literal a top-level function returns (`return { [Channels.Open]: open }` as the
    /// last statement of its body, or an arrow's `({ … })`), kept as the constant `name()`: a
    /// table that a loop over `Object.entries(name(ctx))` visits.
    fn returned_object(&mut self, name: &str, node: Node<'a>) {
        let Some(body) = node.field(FIELD_BODY) else { return };
        let object = if body.kind_name() == STATEMENT_BLOCK {
            let mut c = body.walk();
            let last = body.named_children(&mut c).filter(|n| n.kind_name() != COMMENT).last();
            match last.filter(|n| n.kind_name() == RETURN_STATEMENT).and_then(|r| r.named_child(0)) {
                Some(value) => unwrap_expr(value),
                None => return,
            }
        } else {
            unwrap_expr(body)
        };
        if object.kind_name() == OBJECT {
            self.top_const(&returned_name(name), node.field(FIELD_NAME).unwrap_or(node), object);
        }
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
        let narrowed = node.field(FIELD_CONDITION).and_then(|c| self.guarded(c));
        for (branch, field) in [(0u8, FIELD_CONSEQUENCE), (1, FIELD_ALTERNATIVE)] {
            if let Some(b) = node.field(field) {
                self.branches.push((id, branch));
                let scoped = branch == 0 && narrowed.is_some();
                if let (true, Some((name, guard))) = (scoped, &narrowed) {
                    self.scopes.push(vec![(name.clone(), Local::Typed(vec![format!("{guard}()")]))]);
                }
                self.visit(b);
                if scoped {
                    self.scopes.pop();
                }
                self.branches.pop();
            }
        }
    }

    /// `if (isWebContents(target))`: the name a call of a plain function narrows, and the function
    /// (whose declared result, a type predicate, the index reads). Names bound to Electron objects
    /// are left as they are.
    fn guarded(&self, condition: Node<'a>) -> Option<(String, String)> {
        let call = unwrap_expr(condition);
        if call.kind_name() != CALL_EXPRESSION {
            return None;
        }
        let callee = call.field(FIELD_FUNCTION)?;
        if callee.kind_name() != IDENTIFIER {
            return None;
        }
        let args = call.field(FIELD_ARGUMENTS)?;
        let arg = args.named_child(0).filter(|a| a.kind_name() == IDENTIFIER)?;
        let name = self.text(arg).to_string();
        if matches!(self.lookup(&name), Some(Local::Recv(_))) {
            return None;
        }
        Some((name, self.text(callee).to_string()))
    }

    /// The type names of each item of a loop's source, when the source is known by its type: a
    /// typed field of the class (`this.frames`), a name known by its type, or a call of a plain
    /// function (`allWindows()`).
    pub(super) fn item_types(&self, source: Node<'a>) -> Option<Vec<String>> {
        let source = unwrap_expr(source);
        match source.kind_name() {
            MEMBER_EXPRESSION => {
                let object = source.field(FIELD_OBJECT)?;
                if object.kind_name() != THIS {
                    return None;
                }
                let field = self.text(source.field(FIELD_PROPERTY)?);
                self.class_fields.last()?.get(field).cloned()
            }
            IDENTIFIER => match self.lookup(self.text(source)) {
                Some(Local::Typed(types)) => Some(types.clone()),
                _ => None,
            },
            _ => self.result_of_call(source).map(|f| vec![format!("{f}()")]),
        }
    }

    /// `g(…)` or `await g(…)` with `g` a plain name: `g`.
    pub(super) fn result_of_call(&self, node: Node<'a>) -> Option<String> {
        let mut node = unwrap_expr(node);
        if node.kind_name() == AWAIT_EXPRESSION {
            node = unwrap_expr(node.named_child(0)?);
        }
        if node.kind_name() != CALL_EXPRESSION {
            return None;
        }
        let callee = node.field(FIELD_FUNCTION)?;
        if callee.kind_name() != IDENTIFIER || self.lookup(self.text(callee)).is_some() {
            return None;
        }
        Some(self.text(callee).to_string())
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
        // A typed field is known by its type even when it starts as a literal (`frames: Target[] = []`).
        let this_member = unwrap_expr(right).field(FIELD_OBJECT).is_some_and(|o| o.kind_name() == THIS);
        let mut locals = Vec::new();
        match left.kind_name() {
            IDENTIFIER if !is_in && self.holds_webcontents(unwrap_expr(right)) => {
                locals.push((self.text(left).to_string(), Local::Recv(Recv::Api(Api::WebContents))));
            }
            IDENTIFIER
                if !is_in && (this_member || !matches!(source, Expr::Ident(_))) && self.item_types(right).is_some() =>
            {
                let types = self.item_types(right).unwrap_or_default();
                locals.push((self.text(left).to_string(), Local::Typed(types)));
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

/// The names an object pattern binds to members of the destructured value, with the member path of
/// each: `{ ipc }` → `ipc` at `[ipc]`, `{ ipc: { invoke, on: listen } }` → `invoke` at
/// `[ipc, invoke]` and `listen` at `[ipc, on]`, defaults kept (`{ ipc = fallback }`). Rest
/// elements and array patterns bind nothing here.
fn pattern_members(src: &str, pattern: Node) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut stack = vec![(pattern, Vec::<String>::new())];
    while let Some((n, path)) = stack.pop() {
        if path.len() > 8 || n.kind_name() != OBJECT_PATTERN {
            continue;
        }
        let mut c = n.walk();
        for m in n.named_children(&mut c) {
            let text = |x: Node| src.get(x.byte_range()).unwrap_or("").to_string();
            match m.kind_name() {
                SHORTHAND_PROPERTY_IDENTIFIER_PATTERN => {
                    let name = text(m);
                    let mut p = path.clone();
                    p.push(name.clone());
                    out.push((name, p));
                }
                OBJECT_ASSIGNMENT_PATTERN => {
                    if let Some(l) =
                        m.field(FIELD_LEFT).filter(|l| l.kind_name() == SHORTHAND_PROPERTY_IDENTIFIER_PATTERN)
                    {
                        let name = text(l);
                        let mut p = path.clone();
                        p.push(name.clone());
                        out.push((name, p));
                    }
                }
                PAIR_PATTERN => {
                    let (Some(k), Some(v)) = (m.field(FIELD_KEY), m.field(FIELD_VALUE)) else { continue };
                    let mut p = path.clone();
                    p.push(property_name(&text(k)).to_string());
                    let v = match v.kind_name() {
                        ASSIGNMENT_PATTERN => v.field(FIELD_LEFT).unwrap_or(v),
                        _ => v,
                    };
                    match v.kind_name() {
                        IDENTIFIER => out.push((text(v), p)),
                        OBJECT_PATTERN => stack.push((v, p)),
                        _ => {}
                    }
                }
                _ => {}
            }
        }
    }
    out
}
