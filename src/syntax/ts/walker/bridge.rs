//! `contextBridge.exposeInMainWorld` and the uses of what it exposes (`window.key.member`).

use tree_sitter::Node;

use super::eval::string_value;
use super::*;
use crate::syntax::ts::flow::declared_type_names;

/// What reading an exposed object found besides its members.
#[derive(Default)]
pub(super) struct MemberFlags {
    /// `@electron-toolkit/preload`'s `electronAPI` is exposed or spread in.
    pub(super) toolkit: bool,
    /// Members built in a way the walk cannot see (a spread of an unknown object, a computed key).
    pub(super) open: bool,
}

/// A member chain that may be a bridge use (see [`Walker::bridge_chain`]).
pub(super) struct BridgeChain {
    pub(super) root: BridgeRoot,
    /// `[key, member, ...]`, an alias's path first.
    pub(super) path: Vec<String>,
    /// The range of each name of `path` (an alias's names at the alias).
    pub(super) ranges: Vec<TextRange>,
    /// The chain is an alias alone (`openFile()` with `const { openFile } = window.api`).
    pub(super) via_alias: bool,
}

impl<'a> Walker<'a> {
    /// `contextBridge.exposeInMainWorld(key, api)` / `exposeInIsolatedWorld(id, key, api)`.
    pub(super) fn expose(&mut self, call: Node<'a>, method: &str, args: &[Node<'a>]) -> bool {
        let key_arg = match method {
            "exposeInMainWorld" => 0,
            "exposeInIsolatedWorld" => 1,
            _ => return false,
        };
        self.out.evidence.context_bridge = true;
        let (Some(key), Some(api)) = (args.get(key_arg), args.get(key_arg + 1)) else {
            return true;
        };
        let api = unwrap_expr(*api);
        let mut members = Vec::new();
        let mut flags = MemberFlags::default();
        match api.kind_name() {
            OBJECT => self.bridge_members(api, &[], &mut members, &mut flags),
            IDENTIFIER => {
                let n = self.text(api);
                if self.recv_of_name(n) == Some(Recv::ToolkitApi) {
                    flags.toolkit = true;
                } else if let Some(obj) = self.objects.get(n).copied() {
                    self.bridge_members(obj, &[], &mut members, &mut flags);
                }
            }
            _ => {}
        }
        self.out.bridges.push(BridgeDef {
            key: self.eval(*key, 0),
            key_range: Self::range(*key),
            members,
            toolkit: flags.toolkit,
            open: flags.open,
            assigned: false,
            range: Self::range(call),
        });
        true
    }

    /// `window.key = {…}` (or `= api`, a top-level object) at the top of a script: a bridge that
    /// counts where the file runs as a preload (`BridgeDef::assigned`).
    pub(super) fn assigned_bridge(&mut self, assignment: Node<'a>, left: Node<'a>, right: Node<'a>) {
        let left = unwrap_expr(left);
        if left.kind_name() != MEMBER_EXPRESSION {
            return;
        }
        let (Some(object), Some(prop)) = (left.field(FIELD_OBJECT), left.field(FIELD_PROPERTY)) else { return };
        let object = unwrap_expr(object);
        let root = self.text(object);
        if object.kind_name() != IDENTIFIER
            || !matches!(root, "window" | "globalThis" | "self")
            || self.lookup(root).is_some()
        {
            return;
        }
        let right = unwrap_expr(right);
        let obj = match right.kind_name() {
            OBJECT => right,
            IDENTIFIER => match self.objects.get(self.text(right)) {
                Some(obj) => *obj,
                None => return,
            },
            _ => return,
        };
        let mut members = Vec::new();
        let mut flags = MemberFlags::default();
        self.bridge_members(obj, &[], &mut members, &mut flags);
        self.out.bridges.push(BridgeDef {
            key: Expr::Str(self.text(prop).to_string()),
            key_range: Self::range(prop),
            members,
            toolkit: flags.toolkit,
            open: flags.open,
            assigned: true,
            range: Self::range(assignment),
        });
    }

    /// `{ provide: Token, useFactory: () => window.api }` or `{ provide: Token, useValue:
    /// window.api }` (either side of a `?:`/`||`/`??`): a value injected by `Token` is the bridge.
    pub(super) fn bridge_provider(&mut self, obj: Node<'a>) {
        let mut token = None;
        let mut found = None;
        let mut c = obj.walk();
        for m in obj.named_children(&mut c) {
            if m.kind_name() != PAIR {
                continue;
            }
            let (Some(k), Some(v)) = (m.field(FIELD_KEY), m.field(FIELD_VALUE)) else { continue };
            let v = unwrap_expr(v);
            match property_name(self.text(k)) {
                "provide" if v.kind_name() == IDENTIFIER => token = Some(self.text(v).to_string()),
                "useValue" => found = found.or_else(|| self.provided_path(v)),
                "useFactory" => found = found.or_else(|| self.factory_path(v)),
                _ => {}
            }
        }
        if let (Some(token), Some((path, conditional))) = (token, found) {
            self.out.bridge_providers.push(BridgeProvider { token, path, conditional });
        }
    }

    /// The bridge a provided value is, and whether it is one side of a condition.
    fn provided_path(&self, value: Node<'a>) -> Option<(Vec<String>, bool)> {
        if let Some(path) = self.global_path(value) {
            return Some((path, false));
        }
        self.guarded_global_path(value).map(|p| (p, true))
    }

    /// The bridge a factory function returns: its expression body, or one of the `return`s of its
    /// block (conditional when there are several).
    fn factory_path(&self, f: Node<'a>) -> Option<(Vec<String>, bool)> {
        if !matches!(f.kind_name(), ARROW_FUNCTION | FUNCTION_EXPRESSION) {
            return None;
        }
        let body = f.field(FIELD_BODY)?;
        if body.kind_name() != STATEMENT_BLOCK {
            return self.provided_path(unwrap_expr(body));
        }
        let mut c = body.walk();
        let returns: Vec<Node<'a>> =
            body.named_children(&mut c).filter(|s| s.kind_name() == RETURN_STATEMENT).collect();
        let several = returns.len() > 1;
        let (path, conditional) =
            returns.into_iter().find_map(|r| self.provided_path(unwrap_expr(r.named_child(0)?)))?;
        Some((path, conditional || several))
    }

    /// The declared type names of a class's fields, by name: `api: MainApi` and `api =
    /// inject(MainApi)` fields, and constructor parameter properties (`constructor(private api:
    /// MainApi)`). Calls on `this.api` are declared with them (`Call::declared`).
    pub(super) fn field_types(&self, class: Node<'a>) -> FxHashMap<String, Vec<String>> {
        let mut out = FxHashMap::default();
        let Some(body) = class.field(FIELD_BODY) else { return out };
        let mut c = body.walk();
        for m in body.named_children(&mut c) {
            match m.kind_name() {
                PUBLIC_FIELD_DEFINITION => {
                    let Some(name) = m.field(FIELD_NAME) else { continue };
                    let mut types = m.field(FIELD_TYPE).map(|t| declared_type_names(self.text(t))).unwrap_or_default();
                    if let Some(token) = m.field(FIELD_VALUE).and_then(|v| self.injected_token(unwrap_expr(v))) {
                        types.push(token);
                    }
                    if !types.is_empty() {
                        out.insert(property_name(self.text(name)).to_string(), types);
                    }
                }
                METHOD_DEFINITION if m.field(FIELD_NAME).is_some_and(|n| self.text(n) == "constructor") => {
                    let Some(ps) = m.field(FIELD_PARAMETERS) else { continue };
                    let mut pc = ps.walk();
                    for p in ps.named_children(&mut pc) {
                        if !matches!(p.kind_name(), REQUIRED_PARAMETER | OPTIONAL_PARAMETER) {
                            continue;
                        }
                        let mut kc = p.walk();
                        let children: Vec<Node<'a>> = p.children(&mut kc).collect();
                        let property = children.iter().any(|k| k.kind_name() == ACCESSIBILITY_MODIFIER)
                            || self.text(p).starts_with("readonly ");
                        let (Some(pat), Some(ty)) = (p.field(FIELD_PATTERN), p.field(FIELD_TYPE)) else { continue };
                        if !property || pat.kind_name() != IDENTIFIER {
                            continue;
                        }
                        let mut types = declared_type_names(self.text(ty));
                        // `@Inject(DESK) private desk: DeskApi`: injected by the token.
                        types.extend(
                            children
                                .iter()
                                .filter(|k| k.kind_name() == DECORATOR)
                                .filter_map(|d| d.named_child(0))
                                .filter_map(|call| self.injected_token(call)),
                        );
                        if !types.is_empty() {
                            out.insert(self.text(pat).to_string(), types);
                        }
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// `inject(Token)` (Angular's), or the `Inject(Token)` of a parameter's decorator: the token.
    fn injected_token(&self, value: Node<'a>) -> Option<String> {
        if value.kind_name() != CALL_EXPRESSION {
            return None;
        }
        let f = unwrap_expr(value.field(FIELD_FUNCTION)?);
        if f.kind_name() != IDENTIFIER || !matches!(self.text(f), "inject" | "Inject") {
            return None;
        }
        let args = value.field(FIELD_ARGUMENTS)?;
        let first = unwrap_expr(args.named_child(0)?);
        (first.kind_name() == IDENTIFIER).then(|| self.text(first).to_string())
    }

    pub(super) fn bridge_members(
        &self,
        obj: Node<'a>,
        prefix: &[String],
        out: &mut Vec<BridgeMember>,
        flags: &mut MemberFlags,
    ) {
        deep(|| {
            let mut c = obj.walk();
            for m in obj.named_children(&mut c) {
                match m.kind_name() {
                    PAIR => {
                        let (Some(k), Some(v)) = (m.field(FIELD_KEY), m.field(FIELD_VALUE)) else {
                            continue;
                        };
                        if k.kind_name() == COMPUTED_PROPERTY_NAME {
                            flags.open = true; // `[name]: …`: a member ipcls cannot name
                            continue;
                        }
                        let mut path = prefix.to_vec();
                        path.push(property_name(self.text(k)).to_string());
                        let v = unwrap_expr(v);
                        out.push(BridgeMember {
                            path: path.clone(),
                            name_range: Self::range(k),
                            value_range: Self::range(v),
                            func: None,
                            import: None,
                        });
                        if v.kind_name() == OBJECT {
                            self.bridge_members(v, &path, out, flags);
                        }
                    }
                    METHOD_DEFINITION => {
                        let Some(k) = m.field(FIELD_NAME) else { continue };
                        let mut path = prefix.to_vec();
                        path.push(property_name(self.text(k)).to_string());
                        out.push(BridgeMember {
                            path,
                            name_range: Self::range(k),
                            value_range: Self::range(m),
                            func: None,
                            import: None,
                        });
                    }
                    SHORTHAND_PROPERTY_IDENTIFIER => {
                        let n = self.text(m);
                        let mut path = prefix.to_vec();
                        path.push(n.to_string());
                        // The function is declared elsewhere in the file: use its range.
                        self.read_functions.set(true);
                        let value_range = self
                            .out
                            .functions
                            .iter()
                            .rev()
                            .find(|f| f.name == FnName::Plain(n.to_string()))
                            .map_or(Self::range(m), |f| f.range);
                        if let Some(Recv::ToolkitApi) = self.recv_of_name(n) {
                            flags.toolkit = true;
                        }
                        let import = self.out.imports.iter().any(|i| i.local == n).then(|| n.to_string());
                        out.push(BridgeMember {
                            path: path.clone(),
                            name_range: Self::range(m),
                            value_range,
                            func: None,
                            import,
                        });
                        // A local object: its members are members below this one.
                        if let Some(obj) = self.objects.get(n).copied() {
                            if prefix.len() < 8 {
                                self.bridge_members(obj, &path, out, flags);
                            }
                        }
                    }
                    SPREAD_ELEMENT => {
                        match m.named_child(0) {
                            Some(inner) if self.recv_of_name(self.text(inner)) == Some(Recv::ToolkitApi) => {
                                flags.toolkit = true;
                            }
                            Some(_) => flags.open = true, // members the walk does not list
                            None => {}
                        }
                    }
                    _ => {}
                }
            }
        })
    }

    /// A member chain that starts at `window`/`globalThis`/`self`, a bridge alias, or a free name.
    pub(super) fn bridge_chain(&self, callee: Node<'a>) -> Option<BridgeChain> {
        let mut names = Vec::new();
        let mut cur = unwrap_expr(callee);
        loop {
            match cur.kind_name() {
                MEMBER_EXPRESSION => {
                    let prop = cur.field(FIELD_PROPERTY)?;
                    names.push((self.text(prop).to_string(), Self::range(prop)));
                    cur = unwrap_expr(cur.field(FIELD_OBJECT)?);
                }
                SUBSCRIPT_EXPRESSION => {
                    let index = cur.field(FIELD_INDEX)?;
                    let key = string_value(self.src, index)?;
                    names.push((key, Self::range(index)));
                    cur = unwrap_expr(cur.field(FIELD_OBJECT)?);
                }
                IDENTIFIER => break,
                // `getApi().invoke(…)` with `getApi` returning a bridge (see `returned`).
                CALL_EXPRESSION if !names.is_empty() => {
                    let (path, range) = self.returned_bridge(cur)?;
                    names.reverse();
                    let mut ranges = vec![range; path.len()];
                    let mut path = path.clone();
                    for (n, r) in names {
                        path.push(n);
                        ranges.push(r);
                    }
                    return Some(BridgeChain { root: BridgeRoot::Global, path, ranges, via_alias: false });
                }
                _ => return None,
            }
        }
        names.reverse();
        let root = self.text(cur);
        let root_range = Self::range(cur);
        if matches!(root, "window" | "globalThis" | "self") && self.lookup(root).is_none() {
            if names.len() < 2 {
                return None;
            }
            let (path, ranges) = names.into_iter().unzip();
            return Some(BridgeChain { root: BridgeRoot::Global, path, ranges, via_alias: false });
        }
        if let Some(alias) = self.aliases.get(root) {
            let via_alias = names.is_empty();
            let mut path = alias.clone();
            let mut ranges = vec![root_range; alias.len()];
            for (n, r) in names {
                path.push(n);
                ranges.push(r);
            }
            return Some(BridgeChain { root: BridgeRoot::Global, path, ranges, via_alias });
        }
        if names.is_empty()
            || self.lookup(root).is_some()
            || self.bindings.contains_key(root)
            || self.top_names.contains(root)
            || WELL_KNOWN_GLOBALS.contains(&root)
        {
            return None;
        }
        let mut path = vec![root.to_string()];
        let mut ranges = vec![root_range];
        for (n, r) in names {
            path.push(n);
            ranges.push(r);
        }
        Some(BridgeChain { root: BridgeRoot::Free, path, ranges, via_alias: false })
    }

    /// A value a function returns. A bridge (`return window.api`) makes a call of the function a
    /// bridge root (`getApi().invoke(…)`), kept as the alias `getApi()`; an instance (`return new
    /// IpcTransport()`) makes the names bound to its result instances of that class
    /// (`FileSummary::returned_instances`). Only top-level named functions are followed.
    pub(super) fn returned(&mut self, value: Node<'a>) {
        let Some(&func) = self.funcs.last() else { return };
        let Some(FunctionDef { name: FnName::Plain(name), parent: None, .. }) = self.out.functions.get(func as usize)
        else {
            return;
        };
        let name = name.clone();
        let value = unwrap_expr(value);
        if let Some(path) = self.guarded_global_path(value) {
            self.set_alias(format!("{name}()"), path);
        } else if value.kind_name() == NEW_EXPRESSION {
            if let Some(ctor) = value.field(FIELD_CONSTRUCTOR).filter(|c| c.kind_name() == IDENTIFIER) {
                let entry = (name, self.text(ctor).to_string());
                if !self.out.returned_instances.contains(&entry) {
                    self.out.returned_instances.push(entry);
                }
            }
        }
    }

    /// The bridge path a call returns (`getApi()` with `function getApi() { return window.api }`),
    /// with the range of the function's name.
    fn returned_bridge(&self, call: Node<'a>) -> Option<(&Vec<String>, TextRange)> {
        let f = unwrap_expr(call.field(FIELD_FUNCTION)?);
        if f.kind_name() != IDENTIFIER || self.lookup(self.text(f)).is_some() {
            return None;
        }
        let path = self.aliases.get(&format!("{}()", self.text(f)))?;
        Some((path, Self::range(f)))
    }

    /// `window.a.b` (or through an alias, or a call of a function returning a bridge) as the path
    /// `[a, b]`.
    pub(super) fn global_path(&self, node: Node<'a>) -> Option<Vec<String>> {
        let mut names = Vec::new();
        let mut cur = node;
        while cur.kind_name() == MEMBER_EXPRESSION {
            names.push(self.text(cur.field(FIELD_PROPERTY)?).to_string());
            cur = unwrap_expr(cur.field(FIELD_OBJECT)?);
        }
        if cur.kind_name() == CALL_EXPRESSION {
            let (path, _) = self.returned_bridge(cur)?;
            let mut path = path.clone();
            names.reverse();
            path.extend(names);
            return Some(path);
        }
        if cur.kind_name() != IDENTIFIER {
            return None;
        }
        names.reverse();
        let root = self.text(cur);
        if matches!(root, "window" | "globalThis" | "self") && !names.is_empty() && self.lookup(root).is_none() {
            return Some(names);
        }
        let alias = self.aliases.get(root)?;
        let mut path = alias.clone();
        path.extend(names);
        Some(path)
    }

    /// `window['key']` as the path `[key]`.
    pub(super) fn global_subscript(&self, node: Node<'a>) -> Option<Vec<String>> {
        let key = string_value(self.src, node.field(FIELD_INDEX)?)?;
        let object = unwrap_expr(node.field(FIELD_OBJECT)?);
        let mut path = match object.kind_name() {
            IDENTIFIER if matches!(self.text(object), "window" | "globalThis" | "self") => {
                self.lookup(self.text(object)).is_none().then(Vec::new)?
            }
            _ => self.global_path(object)?,
        };
        path.push(key);
        Some(path)
    }

    /// [`Self::global_path`] of either side of `c ? a : b`, `a || b`, `a && b`, `a ?? b`.
    pub(super) fn guarded_global_path(&self, node: Node<'a>) -> Option<Vec<String>> {
        deep(|| match node.kind_name() {
            TERNARY_EXPRESSION => [FIELD_CONSEQUENCE, FIELD_ALTERNATIVE]
                .iter()
                .filter_map(|f| node.field(f))
                .find_map(|n| self.guarded_global_path(unwrap_expr(n))),
            BINARY_EXPRESSION => {
                let op = node.field(FIELD_OPERATOR).map(|o| self.text(o))?;
                if !matches!(op, "||" | "&&" | "??") {
                    return None;
                }
                [FIELD_RIGHT, FIELD_LEFT]
                    .iter()
                    .filter_map(|f| node.field(f))
                    .find_map(|n| self.guarded_global_path(unwrap_expr(n)))
            }
            _ => self.global_path(node),
        })
    }
}

/// Globals of the platforms and test runners: a member chain from one of them is not a bridge use.
/// (Node's `global` holds main-process singletons: `global.application.windows.sendToAll(…)` is a
/// call of the method.)
const WELL_KNOWN_GLOBALS: &[&str] = &[
    "global",
    "console",
    "Math",
    "JSON",
    "Object",
    "Array",
    "Promise",
    "document",
    "navigator",
    "process",
    "require",
    "module",
    "exports",
    "Number",
    "String",
    "Date",
    "Reflect",
    "Symbol",
    "React",
    "Buffer",
    "Intl",
    "Error",
    "Map",
    "Set",
    "URL",
    "location",
    "localStorage",
    "sessionStorage",
    "history",
    "performance",
    "crypto",
    "setTimeout",
    "path",
    "fs",
    "os",
    "super",
    "import",
    "chrome",
    "jest",
    "vi",
    "expect",
    "describe",
    "it",
    "test",
];
