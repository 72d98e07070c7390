//! Declarations and bindings: imports, exports, `require`, variable declarators, object literals,
//! enums and `module.exports` assignments.

use tree_sitter::Node;

use super::eval::string_value;
use super::functions::is_function;
use super::*;
use crate::syntax::ts::electron_api::{is_electron_module, method_spec, module_recv, MAIN_ONLY_APIS};
use crate::syntax::ts::flow::declared_type_names;

/// `require('m')` (`member` is `None`) or `require('m').name`.
pub(super) struct Require {
    pub(super) source: String,
    pub(super) member: Option<String>,
}

impl<'a> Walker<'a> {
    // ----- imports and exports -----

    pub(super) fn import_statement(&mut self, node: Node<'a>) {
        let Some(source) = node.field(FIELD_SOURCE) else { return };
        let source = string_value(self.src, source).unwrap_or_default();
        let mut cursor = node.walk();
        let clause = node.named_children(&mut cursor).find(|c| c.kind_name() == IMPORT_CLAUSE);
        let type_only = has_type_keyword(node);
        let Some(clause) = clause else {
            // `import './ipc'`: imported for its effects (an edge of the import graph).
            self.out.imports.push(Import {
                local: String::new(),
                source,
                imported: Imported::Namespace,
                type_only: false,
            });
            return;
        };
        let mut cursor = clause.walk();
        for part in clause.named_children(&mut cursor) {
            match part.kind_name() {
                IDENTIFIER => {
                    self.add_import(self.text(part), &source, Imported::Default);
                    self.mark_type_only(type_only);
                }
                NAMESPACE_IMPORT => {
                    let mut c = part.walk();
                    let id = part.named_children(&mut c).find(|n| n.kind_name() == IDENTIFIER);
                    if let Some(id) = id {
                        self.add_import(self.text(id), &source, Imported::Namespace);
                        self.mark_type_only(type_only);
                    }
                }
                NAMED_IMPORTS => {
                    let mut c = part.walk();
                    for spec in part.named_children(&mut c) {
                        if spec.kind_name() != IMPORT_SPECIFIER {
                            continue;
                        }
                        let Some(name) = spec.field(FIELD_NAME) else { continue };
                        let name = string_value(self.src, name).unwrap_or_else(|| self.text(name).to_string());
                        let local = spec.field(FIELD_ALIAS).map_or(name.clone(), |a| self.text(a).to_string());
                        self.add_import(&local, &source, Imported::Named(name));
                        self.mark_type_only(type_only || has_type_keyword(spec));
                    }
                }
                _ => {}
            }
        }
    }

    pub(super) fn add_import(&mut self, local: &str, source: &str, imported: Imported) {
        if let Some(recv) = module_recv(source, &imported) {
            match &recv {
                Recv::Api(Api::IpcRenderer) => self.out.evidence.ipc_renderer = true,
                Recv::ContextBridge => self.out.evidence.context_bridge = true,
                _ => {}
            }
            self.set_binding(local.to_string(), recv);
        }
        if is_electron_module(source) {
            if let Imported::Named(n) = &imported {
                if MAIN_ONLY_APIS.contains(&n.as_str()) {
                    self.out.evidence.main_api = true;
                }
            }
        }
        if source == "react" || source == "react-dom" || source == "vue" || source.starts_with("react-dom/") {
            self.out.evidence.dom = true;
        }
        self.add_top_name(local.to_string());
        self.out.imports.push(Import {
            local: local.to_string(),
            source: source.to_string(),
            imported,
            type_only: false,
        });
    }

    /// Marks the import just added as `import type`.
    fn mark_type_only(&mut self, type_only: bool) {
        if let (true, Some(import)) = (type_only, self.out.imports.last_mut()) {
            import.type_only = true;
        }
    }

    pub(super) fn export_statement(&mut self, node: Node<'a>) {
        let source = node.field(FIELD_SOURCE).and_then(|s| string_value(self.src, s));
        if let Some(decl) = node.field(FIELD_DECLARATION) {
            for name in declared_names(self.src, decl) {
                self.out.exports.push(Export::Local { exported: name.clone(), local: name });
            }
            self.visit(decl);
            return;
        }
        if let Some(value) = node.field(FIELD_VALUE) {
            if value.kind_name() == IDENTIFIER {
                let local = self.text(value).to_string();
                self.out.exports.push(Export::Local { exported: "default".into(), local });
            } else if let Some(expr) = Some(self.eval(value, 0)).filter(|e| *e != Expr::Unknown) {
                let local = "default".to_string();
                self.out.consts.push(ConstDef {
                    name: local.clone(),
                    value: expr,
                    name_range: Self::range(value),
                    value_range: None,
                    member_ranges: Vec::new(),
                    item_ranges: Vec::new(),
                });
                self.out.exports.push(Export::Local { exported: "default".into(), local });
            }
            self.visit(value);
            return;
        }
        let mut cursor = node.walk();
        let children: Vec<Node<'a>> = node.named_children(&mut cursor).collect();
        let mut saw_clause = false;
        for child in children {
            match child.kind_name() {
                EXPORT_CLAUSE => {
                    saw_clause = true;
                    let mut c = child.walk();
                    for spec in child.named_children(&mut c) {
                        let Some(name) = spec.field(FIELD_NAME) else { continue };
                        let name = string_value(self.src, name).unwrap_or_else(|| self.text(name).to_string());
                        let exported = spec
                            .field(FIELD_ALIAS)
                            .map(|a| string_value(self.src, a).unwrap_or_else(|| self.text(a).to_string()))
                            .unwrap_or_else(|| name.clone());
                        let export = match &source {
                            Some(source) => Export::From {
                                exported,
                                source: source.clone(),
                                imported: if name == "default" { Imported::Default } else { Imported::Named(name) },
                            },
                            None => Export::Local { exported, local: name },
                        };
                        self.out.exports.push(export);
                    }
                }
                NAMESPACE_EXPORT => {
                    saw_clause = true;
                    if let (Some(source), Some(id)) = (&source, child.named_child(0)) {
                        let exported = self.text(id).to_string();
                        self.out.exports.push(Export::From {
                            exported,
                            source: source.clone(),
                            imported: Imported::Namespace,
                        });
                    }
                }
                _ => {}
            }
        }
        if !saw_clause {
            if let Some(source) = source {
                self.out.exports.push(Export::Star { source });
            }
        }
    }

    // ----- declarations -----

    pub(super) fn declarator(&mut self, node: Node<'a>, is_const: bool) {
        let Some(name) = node.field(FIELD_NAME) else { return };
        let value = node.field(FIELD_VALUE);
        let top = self.at_top_level();
        if top {
            for n in pattern_names(self.src, name) {
                self.add_top_name(n);
            }
        }
        if let Some(value) = value {
            let value_inner = unwrap_expr(value);
            // `require(...)`: an import.
            if let Some(Require { source, member }) = self.require_of(value_inner) {
                self.require_binding(name, &source, member.as_deref());
                self.visit(value);
                return;
            }
            // `new IpcListener()`, `new IpcMainManager()`.
            if value_inner.kind_name() == NEW_EXPRESSION {
                if let Some(ctor) = value_inner.field(FIELD_CONSTRUCTOR) {
                    if top && name.kind_name() == IDENTIFIER && ctor.kind_name() == IDENTIFIER {
                        self.out.instances.push((self.text(name).to_string(), self.text(ctor).to_string()));
                    }
                    let ctor_recv = self.recv_of_name(self.text(ctor));
                    let inst = match ctor_recv {
                        Some(Recv::TypedListenerClass { main }) => Some(Recv::TypedListener { main }),
                        Some(Recv::TypedEmitterClass { main }) => Some(Recv::TypedEmitter { main }),
                        _ => None,
                    };
                    if let (Some(inst), IDENTIFIER) = (inst, name.kind_name()) {
                        self.bind_recv(self.text(name), inst);
                    }
                }
            }
            // `const transport: Transport = …`: calls on it may reach the classes implementing `Transport`.
            if let (true, IDENTIFIER, Some(ty)) = (top, name.kind_name(), node.field(FIELD_TYPE)) {
                let types = declared_type_names(self.text(ty));
                if !types.is_empty() {
                    self.out.typed_bindings.push((self.text(name).to_string(), types));
                }
            }
            // `const transport = createTransport()`: an instance of what the function returns.
            if let (true, IDENTIFIER, CALL_EXPRESSION) = (top, name.kind_name(), value_inner.kind_name()) {
                if let Some(f) = value_inner.field(FIELD_FUNCTION).filter(|f| f.kind_name() == IDENTIFIER) {
                    self.out.call_results.push((self.text(name).to_string(), self.text(f).to_string()));
                }
            }
            // An Electron object under another name, or methods taken off it.
            if let Some(recv) = self.receiver(value) {
                match name.kind_name() {
                    IDENTIFIER => {
                        if let (true, Recv::Api(api)) = (top, &recv) {
                            self.out.api_bindings.push((self.text(name).to_string(), *api));
                        }
                        self.bind_recv(self.text(name), recv)
                    }
                    OBJECT_PATTERN => {
                        if let Recv::Api(api) = recv {
                            self.destructure_methods(name, api);
                        }
                    }
                    _ => {}
                }
            }
            // A bridge under another name: `const api = window.electronAPI`, `const { f } = window.api`,
            // also behind a guard: `const ipc = isElectron() ? window.electron.ipc : null`.
            if let Some(path) = self.guarded_global_path(value_inner) {
                match name.kind_name() {
                    IDENTIFIER => {
                        self.set_alias(self.text(name).to_string(), path);
                    }
                    OBJECT_PATTERN => {
                        let mut c = name.walk();
                        for field in name.named_children(&mut c) {
                            let (key, local) = match field.kind_name() {
                                SHORTHAND_PROPERTY_IDENTIFIER_PATTERN => (self.text(field), self.text(field)),
                                PAIR_PATTERN => {
                                    let (Some(k), Some(v)) = (field.field(FIELD_KEY), field.field(FIELD_VALUE)) else {
                                        continue;
                                    };
                                    (self.text(k), self.text(v))
                                }
                                _ => continue,
                            };
                            let mut p = path.clone();
                            p.push(key.to_string());
                            // The destructuring names the member: it is the use.
                            let key_node =
                                if field.kind_name() == PAIR_PATTERN { field.field(FIELD_KEY) } else { Some(field) };
                            if let Some(k) = key_node {
                                self.out.evidence.window_use = true;
                                self.out.bridge_uses.push(BridgeUse {
                                    root: BridgeRoot::Global,
                                    path: p.clone(),
                                    ranges: vec![Self::range(k); p.len()],
                                    args: None,
                                    arg_ranges: Vec::new(),
                                    spread: false,
                                    func: self.funcs.last().copied(),
                                    via_alias: false,
                                });
                            }
                            self.set_alias(local.to_string(), p);
                        }
                    }
                    _ => {}
                }
            }
        }
        match name.kind_name() {
            IDENTIFIER => {
                let n = self.text(name).to_string();
                if let Some(value) = value {
                    let v = unwrap_expr(value);
                    if v.kind_name() == OBJECT {
                        self.set_object(n.clone(), v);
                    }
                    if top {
                        if is_const || !matches!(v.kind_name(), CALL_EXPRESSION | NEW_EXPRESSION) {
                            self.top_const(&n, name, value);
                        }
                    } else if !self.bindings.contains_key(&n) && !matches!(self.lookup(&n), Some(Local::Recv(_))) {
                        let e = if is_const { self.eval(value, 0) } else { Expr::Unknown };
                        // Known by its declared type or as a function's result: `const w: AppWindow =
                        // …`, `const win = getMainWindow()`.
                        let types = match (&e, node.field(FIELD_TYPE)) {
                            (Expr::Unknown, Some(t)) => declared_type_names(self.text(t)),
                            (Expr::Unknown, None) => {
                                self.result_of_call(value).map(|f| vec![format!("{f}()")]).unwrap_or_default()
                            }
                            _ => Vec::new(),
                        };
                        let local = if types.is_empty() { Local::Value(e) } else { Local::Typed(types) };
                        self.bind_local(&n, local);
                    }
                } else if !top {
                    self.bind_local(&n, Local::Opaque);
                }
            }
            ARRAY_PATTERN if !top => {
                // `const [channel, listener] = args` with `...args` a rest parameter.
                let base = value.map(|v| self.eval(v, 0));
                let mut c = name.walk();
                for (i, el) in name.named_children(&mut c).enumerate() {
                    if el.kind_name() != IDENTIFIER {
                        continue;
                    }
                    let local = match &base {
                        Some(Expr::Param { func, index }) if self.is_rest(*func, *index) => {
                            Local::Value(Expr::Param { func: *func, index: index + i as u32 })
                        }
                        _ => Local::Opaque,
                    };
                    self.bind_local(self.text(el), local);
                }
            }
            _ => {
                if !top {
                    for n in pattern_names(self.src, name) {
                        self.bind_local(&n, Local::Opaque);
                    }
                }
            }
        }
        if let Some(value) = value {
            if name.kind_name() == IDENTIFIER {
                let n = self.text(name).to_string();
                let inner = unwrap_expr(value);
                let pending = if inner.kind_name() == OBJECT {
                    FnName::Member { object: n, path: Vec::new() }
                } else {
                    FnName::Plain(n)
                };
                // `const run = useCallback(async (channel) => …, [])`: the callback is the function.
                let named = memoized_callback(self.src, inner).unwrap_or(inner);
                self.pending_names.insert(named.id(), pending);
            }
            self.visit(value);
        }
    }

    /// An object literal: names its members' functions and nested objects by their path.
    pub(super) fn object(&mut self, node: Node<'a>) {
        let (root, path) = match self.pending_names.remove(&node.id()) {
            Some(FnName::Member { object, path }) => (object, path),
            _ => (String::new(), Vec::new()),
        };
        let mut c = node.walk();
        let members: Vec<Node<'a>> = node.named_children(&mut c).collect();
        for m in members {
            let key = match m.kind_name() {
                PAIR => m.field(FIELD_KEY),
                METHOD_DEFINITION => m.field(FIELD_NAME),
                _ => None,
            };
            if let Some(k) = key {
                let mut p = path.clone();
                p.push(property_name(self.text(k)).to_string());
                let target = if m.kind_name() == PAIR { m.field(FIELD_VALUE).map(unwrap_expr) } else { Some(m) };
                if let (Some(t), false) = (target, root.is_empty() || m.kind_name() != PAIR) {
                    // `const ipc = { send: ipcRenderer.send.bind(ipcRenderer) }`: `ipc.send` is the method.
                    if let Some(recv) = self.method_value(t) {
                        let name =
                            std::iter::once(root.as_str()).chain(p.iter().map(String::as_str)).collect::<Vec<_>>();
                        self.bind_recv(&name.join("."), recv);
                    }
                }
                if let Some(t) = target {
                    self.pending_names.insert(t.id(), FnName::Member { object: root.clone(), path: p });
                }
            }
            self.visit(m);
        }
    }

    /// `ipcRenderer.send` or `ipcRenderer.send.bind(ipcRenderer)`: an IPC method taken off an
    /// Electron object.
    fn method_value(&self, node: Node<'a>) -> Option<Recv> {
        let node = match node.kind_name() {
            CALL_EXPRESSION => {
                let f = unwrap_expr(node.field(FIELD_FUNCTION)?);
                if f.kind_name() != MEMBER_EXPRESSION || f.field(FIELD_PROPERTY).map(|p| self.text(p)) != Some("bind") {
                    return None;
                }
                unwrap_expr(f.field(FIELD_OBJECT)?)
            }
            _ => node,
        };
        if node.kind_name() != MEMBER_EXPRESSION {
            return None;
        }
        let Some(Recv::Api(api)) = self.receiver(node.field(FIELD_OBJECT)?) else { return None };
        let method = self.text(node.field(FIELD_PROPERTY)?);
        method_spec(&Recv::Api(api), method, 1)?;
        Some(Recv::Method(api, method.to_string()))
    }

    pub(super) fn is_rest(&self, func: u32, index: u32) -> bool {
        self.out.functions.get(func as usize).is_some_and(|f| f.rest == Some(index))
    }

    pub(super) fn bind_recv(&mut self, name: &str, recv: Recv) {
        if matches!(recv, Recv::Api(Api::IpcRenderer)) {
            self.out.evidence.ipc_renderer = true;
        }
        if self.at_top_level() {
            self.set_binding(name.to_string(), recv);
        } else {
            self.bind_local(name, Local::Recv(recv));
        }
    }

    /// `const { invoke, send: s } = ipcRenderer`.
    pub(super) fn destructure_methods(&mut self, pattern: Node<'a>, api: Api) {
        let mut c = pattern.walk();
        for field in pattern.named_children(&mut c) {
            match field.kind_name() {
                SHORTHAND_PROPERTY_IDENTIFIER_PATTERN => {
                    let n = self.text(field);
                    self.bind_recv(n, Recv::Method(api, n.to_string()));
                }
                PAIR_PATTERN => {
                    if let (Some(k), Some(v)) = (field.field(FIELD_KEY), field.field(FIELD_VALUE)) {
                        if v.kind_name() == IDENTIFIER {
                            let method = property_name(self.text(k)).to_string();
                            self.bind_recv(self.text(v), Recv::Method(api, method));
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// `require('m')` or `require('m').name` (also `window.require`): the module and member.
    pub(super) fn require_of(&self, node: Node<'a>) -> Option<Require> {
        deep(|| {
            match node.kind_name() {
                CALL_EXPRESSION => {
                    let f = node.field(FIELD_FUNCTION)?;
                    let ft = self.text(f);
                    if ft != "require" && ft != "window.require" {
                        return None;
                    }
                    let args = node.field(FIELD_ARGUMENTS)?;
                    let first = args.named_child(0)?;
                    Some(Require { source: string_value(self.src, first)?, member: None })
                }
                MEMBER_EXPRESSION => {
                    // Only `require('m').name`: looking further down a long member chain at every
                    // level made `a.b.c…` quadratic in its length (hostile test `deep_nesting_does_not_overflow`).
                    let object = unwrap_expr(node.field(FIELD_OBJECT)?);
                    if object.kind_name() != CALL_EXPRESSION {
                        return None;
                    }
                    let Require { source, member: None } = self.require_of(object)? else {
                        return None;
                    };
                    let prop = node.field(FIELD_PROPERTY)?;
                    Some(Require { source, member: Some(self.text(prop).to_string()) })
                }
                _ => None,
            }
        })
    }

    pub(super) fn require_binding(&mut self, pattern: Node<'a>, source: &str, member: Option<&str>) {
        match (pattern.kind_name(), member) {
            (IDENTIFIER, None) => self.add_import(self.text(pattern), source, Imported::Namespace),
            (IDENTIFIER, Some(m)) => self.add_import(self.text(pattern), source, Imported::Named(m.to_string())),
            (OBJECT_PATTERN, None) => {
                let mut c = pattern.walk();
                for field in pattern.named_children(&mut c) {
                    match field.kind_name() {
                        SHORTHAND_PROPERTY_IDENTIFIER_PATTERN => {
                            let n = self.text(field);
                            self.add_import(n, source, Imported::Named(n.to_string()));
                        }
                        PAIR_PATTERN => {
                            let (Some(k), Some(v)) = (field.field(FIELD_KEY), field.field(FIELD_VALUE)) else {
                                continue;
                            };
                            let key = property_name(self.text(k)).to_string();
                            match v.kind_name() {
                                IDENTIFIER => self.add_import(self.text(v), source, Imported::Named(key)),
                                // `const { ipcRenderer: { invoke: ipcInvoke } } = require('electron')`
                                OBJECT_PATTERN => {
                                    if let Some(Recv::Api(api)) = module_recv(source, &Imported::Named(key)) {
                                        if api == Api::IpcRenderer {
                                            self.out.evidence.ipc_renderer = true;
                                        }
                                        self.destructure_methods(v, api);
                                    }
                                }
                                _ => {}
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }

    /// A field of a top-level class initialised with an object or array literal (`ipcEvents = {
    /// 'x': 'onX' }`, `static CHANNELS = […]`): a constant named `Class.field`, which `this.field`
    /// inside the class stands for.
    pub(super) fn class_field_table(&mut self, node: Node<'a>) {
        let (Some(name), Some(value), Some(class)) =
            (node.field(FIELD_NAME), node.field(FIELD_VALUE), self.classes.last())
        else {
            return;
        };
        if class.is_empty() || !self.at_top_level() || !matches!(unwrap_expr(value).kind_name(), OBJECT | ARRAY) {
            return;
        }
        let qualified = format!("{class}.{}", property_name(self.text(name)));
        self.top_const(&qualified, name, value);
    }

    /// The constant `this.field` (inside the class) or `Class.field` stands for (see
    /// [`Self::class_field_table`]).
    pub(super) fn class_field_const(&self, object: Node<'a>, field: &str) -> Option<String> {
        let class = match object.kind_name() {
            THIS => self.classes.last().filter(|c| !c.is_empty())?.as_str(),
            IDENTIFIER if self.lookup(self.text(object)).is_none() => self.text(object),
            _ => return None,
        };
        let qualified = format!("{class}.{field}");
        self.out.consts.iter().any(|c| c.name == qualified).then_some(qualified)
    }

    pub(super) fn enum_declaration(&mut self, node: Node<'a>) {
        let (Some(name), Some(body)) = (node.field(FIELD_NAME), node.field(FIELD_BODY)) else {
            return;
        };
        let mut members = Vec::new();
        let mut member_ranges = Vec::new();
        let mut c = body.walk();
        for m in body.named_children(&mut c) {
            match m.kind_name() {
                ENUM_ASSIGNMENT => {
                    let (Some(k), Some(v)) = (m.field(FIELD_NAME), m.field(FIELD_VALUE)) else {
                        continue;
                    };
                    let key = property_name(self.text(k)).to_string();
                    if matches!(v.kind_name(), STRING | TEMPLATE_STRING) {
                        member_ranges.push((key.clone(), Self::range(v)));
                    }
                    members.push((key, self.eval(v, 0)));
                }
                PROPERTY_IDENTIFIER => members.push((self.text(m).to_string(), Expr::Unknown)),
                _ => {}
            }
        }
        let n = self.text(name).to_string();
        if self.at_top_level() {
            self.add_top_name(n.clone());
        }
        self.out.consts.push(ConstDef {
            name: n,
            value: Expr::Object(members),
            name_range: Self::range(name),
            value_range: None,
            member_ranges,
            item_ranges: Vec::new(),
        });
    }

    /// `module.exports = {...}`, `exports.X = ...`, `module.exports.X = ...`.
    pub(super) fn assignment(&mut self, node: Node<'a>) {
        let (Some(left), Some(right)) = (node.field(FIELD_LEFT), node.field(FIELD_RIGHT)) else {
            return;
        };
        if self.at_top_level() || self.funcs.is_empty() {
            let lt = self.text(left);
            if lt == "module.exports" {
                let right_inner = unwrap_expr(right);
                if right_inner.kind_name() == OBJECT {
                    let mut c = right_inner.walk();
                    let pairs: Vec<Node<'a>> = right_inner.named_children(&mut c).collect();
                    for p in pairs {
                        match p.kind_name() {
                            SHORTHAND_PROPERTY_IDENTIFIER => {
                                let n = self.text(p).to_string();
                                self.out.exports.push(Export::Local { exported: n.clone(), local: n });
                            }
                            PAIR => {
                                let (Some(k), Some(v)) = (p.field(FIELD_KEY), p.field(FIELD_VALUE)) else {
                                    continue;
                                };
                                let key = property_name(self.text(k)).to_string();
                                if v.kind_name() == IDENTIFIER {
                                    let local = self.text(v).to_string();
                                    self.out.exports.push(Export::Local { exported: key, local });
                                } else {
                                    let local = format!("exports.{key}");
                                    self.top_const(&local, k, v);
                                    self.out.exports.push(Export::Local { exported: key, local });
                                }
                            }
                            _ => {}
                        }
                    }
                } else if right_inner.kind_name() == IDENTIFIER {
                    let local = self.text(right_inner).to_string();
                    self.out.exports.push(Export::Local { exported: "default".into(), local });
                }
            } else if let Some(key) = lt.strip_prefix("module.exports.").or_else(|| lt.strip_prefix("exports.")) {
                if !key.contains('.') {
                    let local = format!("exports.{key}");
                    self.top_const(&local, left, right);
                    self.out.exports.push(Export::Local { exported: key.to_string(), local });
                }
            }
        }
        let written = match unwrap_expr(left).kind_name() {
            MEMBER_EXPRESSION => self.global_path(unwrap_expr(left)),
            SUBSCRIPT_EXPRESSION => self.global_subscript(unwrap_expr(left)),
            _ => None,
        };
        if let Some(key) = written.and_then(|p| p.into_iter().next()) {
            self.out.global_writes.push(key);
            self.assigned_bridge(node, left, right);
        }
        let lt = self.text(left);
        let name = if let Some(k) = lt.strip_prefix("module.exports.").or_else(|| lt.strip_prefix("exports.")) {
            Some(FnName::Plain(k.to_string()))
        } else if let Some((class, m)) = lt.split_once(".prototype.") {
            Some(FnName::Method { class: class.to_string(), name: m.to_string() })
        } else if left.kind_name() == IDENTIFIER {
            Some(FnName::Plain(lt.to_string()))
        } else {
            None
        };
        if let Some(name) = name {
            self.pending_names.insert(unwrap_expr(right).id(), name);
        }
        self.visit(right);
        if left.kind_name() != IDENTIFIER {
            self.visit(left);
        }
    }
}

/// Names bound by a declaration (`const a = 1, {b} = c`, `function f`, `class C`, `enum E`).
pub(super) fn declared_names(src: &str, decl: Node) -> Vec<String> {
    let text = |n: Node| src.get(n.byte_range()).unwrap_or("").to_string();
    match decl.kind_name() {
        LEXICAL_DECLARATION | VARIABLE_DECLARATION => {
            let mut c = decl.walk();
            decl.named_children(&mut c)
                .filter(|d| d.kind_name() == VARIABLE_DECLARATOR)
                .filter_map(|d| d.field(FIELD_NAME))
                .flat_map(|n| pattern_names(src, n))
                .collect()
        }
        _ => decl.field(FIELD_NAME).map(text).into_iter().collect(),
    }
}

/// Every name a binding pattern binds.
pub(super) fn pattern_names(src: &str, pattern: Node) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![(pattern, 0u32)];
    while let Some((n, depth)) = stack.pop() {
        if depth > MAX_EVAL_DEPTH {
            continue;
        }
        match n.kind_name() {
            IDENTIFIER | SHORTHAND_PROPERTY_IDENTIFIER_PATTERN => {
                out.push(src.get(n.byte_range()).unwrap_or("").to_string())
            }
            PAIR_PATTERN => {
                if let Some(v) = n.field(FIELD_VALUE) {
                    stack.push((v, depth + 1));
                }
            }
            ASSIGNMENT_PATTERN | OBJECT_ASSIGNMENT_PATTERN => {
                if let Some(l) = n.field(FIELD_LEFT) {
                    stack.push((l, depth + 1));
                }
            }
            _ => {
                let mut c = n.walk();
                for child in n.named_children(&mut c) {
                    stack.push((child, depth + 1));
                }
            }
        }
    }
    out
}

/// Whether an import statement or specifier is written `import type` / `{ type A }`.
fn has_type_keyword(node: Node) -> bool {
    let mut c = node.walk();
    let found = node.children(&mut c).any(|ch| !ch.is_named() && ch.kind() == "type");
    found
}

/// The function a React hook memoizes, `fn` of `useCallback(fn, deps)` (also `React.useCallback`):
/// the name bound to the hook's result calls it.
fn memoized_callback<'t>(src: &str, node: Node<'t>) -> Option<Node<'t>> {
    if node.kind_name() != CALL_EXPRESSION {
        return None;
    }
    let f = node.field(FIELD_FUNCTION)?;
    if !matches!(src.get(f.byte_range())?, "useCallback" | "React.useCallback") {
        return None;
    }
    let arg = unwrap_expr(node.field(FIELD_ARGUMENTS)?.named_child(0)?);
    is_function(arg).then_some(arg)
}

impl<'a> Walker<'a> {
    /// `class IpcTransport extends Base implements Transport, Closable<T>`: the interfaces the
    /// top-level class `class` implements (`FileSummary::implementations`).
    pub(super) fn implements_clause(&mut self, node: Node<'a>, class: &str) {
        let mut c = node.walk();
        let Some(heritage) = node.named_children(&mut c).find(|n| n.kind_name() == CLASS_HERITAGE) else { return };
        let mut c = heritage.walk();
        let Some(clause) = heritage.named_children(&mut c).find(|n| n.kind_name() == IMPLEMENTS_CLAUSE) else {
            return;
        };
        let mut c = clause.walk();
        for ty in clause.named_children(&mut c) {
            let text = self.text(ty);
            let name = text.split('<').next().unwrap_or(text).trim();
            if !name.is_empty() && name.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '$') {
                self.out.implementations.push((class.to_string(), name.to_string()));
            }
        }
    }
}
