//! Calls: IPC sites, calls of tables' `forEach`, plain calls that may reach a wrapper, and what
//! Electron object an expression denotes.

use tree_sitter::Node;

use super::bridge::BridgeChain;
use super::decls::Require;
use super::eval::{each_of, string_value, template_tail};
use super::functions::{function_param_count, is_function};
use super::*;
use crate::syntax::ts::electron_api::{is_event_name, method_spec, module_recv, static_call_recv, MethodSpec};
use crate::syntax::ts::flow::WEB_CONTENTS_OF;

impl<'a> Walker<'a> {
    pub(super) fn call(&mut self, node: Node<'a>) {
        let Some(callee) = node.field(FIELD_FUNCTION) else {
            self.visit_children(node);
            return;
        };
        let callee = unwrap_expr(callee);
        let args_node = node.field(FIELD_ARGUMENTS);
        let args: Vec<Node<'a>> = match args_node {
            Some(a) if a.kind_name() == ARGUMENTS => {
                let mut c = a.walk();
                a.named_children(&mut c).filter(|n| n.kind_name() != COMMENT).collect()
            }
            _ => Vec::new(),
        };
        // `session.registerPreloadScript({ filePath })`, `session.setPreloads([...])`: preload evidence.
        if callee.kind_name() == MEMBER_EXPRESSION {
            let method = callee.field(FIELD_PROPERTY).map(|p| self.text(p));
            if matches!(method, Some("registerPreloadScript" | "setPreloads")) {
                for a in &args {
                    self.collect_preload_refs(*a);
                }
            }
            if method == Some("setAttribute") {
                if let (Some(name), Some(value)) = (args.first().and_then(|a| string_value(self.src, *a)), args.get(1))
                {
                    if name == "preload" {
                        self.collect_preload_refs(*value);
                    }
                }
            }
        }
        let handled = self.ipc_call(node, callee, &args) || self.table_call(callee, &args);
        if !handled {
            self.bridge_or_plain_call(node, callee, &args);
        }
        self.visit(callee);
        if let Some(a) = args_node {
            self.visit(a);
        }
    }

    /// An Electron IPC call: records a site or a bridge; returns whether it was one.
    pub(super) fn ipc_call(&mut self, call: Node<'a>, callee: Node<'a>, args: &[Node<'a>]) -> bool {
        let (recv, method) = match callee.kind_name() {
            MEMBER_EXPRESSION => {
                let (Some(object), Some(prop)) = (callee.field(FIELD_OBJECT), callee.field(FIELD_PROPERTY)) else {
                    return false;
                };
                if self.global_path(unwrap_expr(object)).is_some() {
                    return false;
                }
                match self.receiver(object) {
                    Some(recv) => (recv, self.text(prop).to_string()),
                    // A member of an object that holds an IPC method (`ipc.send` with
                    // `const ipc = { send: ipcRenderer.send.bind(ipcRenderer) }`).
                    None => match self.name_path(callee).and_then(|p| self.recv_of_name(&p.join("."))) {
                        Some(Recv::Method(api, m)) => (Recv::Api(api), m),
                        _ => return false,
                    },
                }
            }
            IDENTIFIER => match self.recv_of_name(self.text(callee)) {
                Some(Recv::Method(api, m)) => (Recv::Api(api), m),
                _ => return false,
            },
            _ => return false,
        };
        if recv == Recv::ContextBridge {
            return self.expose(call, &method, args);
        }
        self.callee_range = Self::range(callee);
        let Some(spec) = method_spec(&recv, &method, args.len()) else {
            return false;
        };
        let Some(channel_node) = args.get(spec.channel_arg) else {
            return true;
        };
        let spread = args.iter().any(|a| a.kind_name() == SPREAD_ELEMENT);
        if channel_node.kind_name() == SPREAD_ELEMENT {
            // `ipcRenderer.send(...args)`: a pass-through whose channel is the rest parameter.
            let channel = self.eval(*channel_node, 0);
            self.push_site(spec, &method, channel, Self::range(*channel_node), None, None);
            return true;
        }
        let channel = self.eval(*channel_node, 0);
        let arg_count = (!spread).then(|| (args.len() - spec.channel_arg - 1) as u32);
        let listener = args.get(spec.channel_arg + 1).map(|n| unwrap_expr(*n));
        let mut listener_params = None;
        if spec.kind.is_receiver() || spec.kind == Kind::Remove {
            if let Some(l) = listener {
                if is_function(l) {
                    match spec.api {
                        Api::IpcMain | Api::ScopedIpc => {
                            self.event_callbacks.insert(l.id(), Recv::Api(Api::Event));
                        }
                        Api::IpcRenderer => {
                            self.event_callbacks.insert(l.id(), Recv::RendererEvent);
                        }
                        _ => {}
                    }
                    if matches!(spec.kind, Kind::On | Kind::Listen) {
                        self.forwarder(l, spec.kind, &channel);
                    }
                    // After `event`.
                    listener_params = function_param_count(l)
                        .map(|count| (count.required.saturating_sub(1), count.all.saturating_sub(1)));
                }
            }
        }
        self.push_site(spec, &method, channel, Self::range(*channel_node), arg_count, listener_params);
        true
    }

    /// A listener that re-emits under the same channel: `this.emit(ch, …)` or `bus.emit(ch, …)`
    /// in its body, with `bus` a top-level name (see [`Forwarder`]).
    fn forwarder(&mut self, listener: Node<'a>, kind: Kind, channel: &Expr) {
        if *channel == Expr::Unknown {
            return;
        }
        let Some(body) = listener.field(FIELD_BODY) else { return };
        let mut stack = vec![(body, 0u32)];
        while let Some((node, depth)) = stack.pop() {
            if depth > MAX_EVAL_DEPTH {
                continue;
            }
            if node.kind_name() == CALL_EXPRESSION {
                if let Some(found) = self.emit_call(node, channel) {
                    let class = (found == "this").then(|| self.classes.last().cloned()).flatten();
                    if found != "this" || class.is_some() {
                        self.out.forwarders.push(Forwarder { object: found, class, kind, channel: channel.clone() });
                    }
                    return;
                }
            }
            let mut c = node.walk();
            for child in node.named_children(&mut c) {
                if !is_function(child) {
                    stack.push((child, depth + 1));
                }
            }
        }
    }

    /// `object.emit(channel, …)` with the same channel: the object (`this` or a top-level name);
    /// or `window.dispatchEvent(new CustomEvent(channel, …))` (also on `document`): the page's
    /// `addEventListener(channel)` receives it (docs/design.md § Written forms).
    fn emit_call(&self, call: Node<'a>, channel: &Expr) -> Option<String> {
        let callee = unwrap_expr(call.field(FIELD_FUNCTION)?);
        if callee.kind_name() != MEMBER_EXPRESSION {
            return None;
        }
        if self.text(callee.field(FIELD_PROPERTY)?) == "dispatchEvent" {
            let target = self.text(unwrap_expr(callee.field(FIELD_OBJECT)?));
            let event = unwrap_expr(call.field(FIELD_ARGUMENTS)?.named_child(0)?);
            let constructor = event.field(FIELD_CONSTRUCTOR).map(|c| self.text(c));
            let dom = matches!(target, "window" | "document" | "globalThis") && self.lookup(target).is_none();
            if event.kind_name() != NEW_EXPRESSION || !dom || !matches!(constructor, Some("CustomEvent" | "Event")) {
                return None;
            }
            let first = event.field(FIELD_ARGUMENTS)?.named_child(0)?;
            return (self.eval(first, 0) == *channel).then(|| DOM_EVENTS.to_string());
        }
        if self.text(callee.field(FIELD_PROPERTY)?) != "emit" {
            return None;
        }
        let object = unwrap_expr(callee.field(FIELD_OBJECT)?);
        let name = match object.kind_name() {
            THIS => "this".to_string(),
            IDENTIFIER
                if self.lookup(self.text(object)).is_none() && self.recv_of_name(self.text(object)).is_none() =>
            {
                self.text(object).to_string()
            }
            _ => return None,
        };
        let first = call.field(FIELD_ARGUMENTS)?.named_child(0)?;
        (self.eval(first, 0) == *channel).then_some(name)
    }

    pub(super) fn push_site(
        &mut self,
        spec: MethodSpec,
        method: &str,
        channel: Expr,
        range: TextRange,
        arg_count: Option<u32>,
        listener_params: Option<(u32, u32)>,
    ) {
        self.out.sites.push(RawSite {
            kind: spec.kind,
            api: spec.api,
            method: method.to_string(),
            channel,
            range,
            arg_count,
            listener_params,
            func: self.funcs.last().copied(),
            once: spec.once,
            branches: self.branches.clone(),
            callee_range: self.callee_range,
        });
    }

    /// `TABLE.forEach(ch => ...)`, `Object.keys(t).forEach(...)`: binds the callback's parameter.
    pub(super) fn table_call(&mut self, callee: Node<'a>, args: &[Node<'a>]) -> bool {
        if callee.kind_name() != MEMBER_EXPRESSION {
            return false;
        }
        let Some(prop) = callee.field(FIELD_PROPERTY) else {
            return false;
        };
        if !matches!(self.text(prop), "forEach" | "map" | "flatMap") {
            return false;
        }
        let (Some(object), Some(cb)) = (callee.field(FIELD_OBJECT), args.first()) else {
            return false;
        };
        let cb = unwrap_expr(*cb);
        if !is_function(cb) {
            return false;
        }
        if self.holds_webcontents(unwrap_expr(object)) {
            self.event_callbacks.insert(cb.id(), Recv::Api(Api::WebContents));
            return true;
        }
        let source = self.eval(object, 0);
        if source == Expr::Unknown {
            return false;
        }
        self.each_callbacks.insert(cb.id(), each_of(source));
        true
    }

    /// A collection of `WebContents`: `webContents.getAllWebContents()`, a field typed `Set<WebContents>`.
    pub(super) fn holds_webcontents(&self, node: Node<'a>) -> bool {
        let text = self.text(node);
        if text.ends_with("getAllWebContents()") {
            return true;
        }
        let name = match node.kind_name() {
            MEMBER_EXPRESSION => node.field(FIELD_PROPERTY).map(|p| self.text(p)),
            IDENTIFIER => Some(text),
            _ => None,
        };
        name.is_some_and(|n| self.webcontents_fields.contains(n))
    }

    pub(super) fn bridge_or_plain_call(&mut self, node: Node<'a>, callee: Node<'a>, args: &[Node<'a>]) {
        let spread = args.iter().any(|a| a.kind_name() == SPREAD_ELEMENT);
        let arg_exprs: Vec<Expr> = args.iter().map(|a| self.eval(*a, 0)).collect();
        let arg_ranges: Vec<TextRange> = args.iter().map(|a| Self::range(*a)).collect();
        // A bridge use: `window.api.openFile(...)`, or through an alias.
        if let Some(BridgeChain { root, path, ranges, via_alias }) = self.bridge_chain(callee) {
            self.out.evidence.window_use |= root == BridgeRoot::Global;
            self.out.bridge_uses.push(BridgeUse {
                root,
                path,
                ranges,
                args: Some(arg_exprs),
                arg_ranges,
                spread,
                func: self.funcs.last().copied(),
                via_alias,
            });
            return;
        }
        if args.is_empty() {
            // `ipc.dialog.openFile()` on an imported object is kept: generated clients are called so.
            let imported_root = callee.kind_name() == MEMBER_EXPRESSION
                && self
                    .name_path(callee)
                    .is_some_and(|p| p.len() >= 3 && self.out.imports.iter().any(|i| i.local == p[0]));
            // `this.api.reload()` on a typed receiver may call a fixed bridge member.
            let typed_receiver = callee.kind_name() == MEMBER_EXPRESSION
                && callee.field(FIELD_OBJECT).and_then(|o| self.name_path(o)).is_some_and(|object| {
                    !self.declared_receiver(&Callee::Member { object, method: String::new() }).is_empty()
                });
            if !imported_root && !typed_receiver {
                return;
            }
        }
        let (callee_ref, name_range) = match callee.kind_name() {
            IDENTIFIER => (Callee::Ident(self.text(callee).to_string()), Self::range(callee)),
            MEMBER_EXPRESSION => {
                let (Some(object), Some(prop)) = (callee.field(FIELD_OBJECT), callee.field(FIELD_PROPERTY)) else {
                    return;
                };
                let Some(path) = self.name_path(object) else { return };
                (Callee::Member { object: path, method: self.text(prop).to_string() }, Self::range(prop))
            }
            _ => return,
        };
        let arg_apis = args
            .iter()
            .enumerate()
            .filter_map(|(i, a)| match self.receiver(unwrap_expr(*a)) {
                Some(Recv::Api(api)) => Some((i as u32, api)),
                _ => None,
            })
            .collect();
        // `emitter.on(signal, fn)` with `emitter` a parameter: a site where an Electron object is passed.
        if let Callee::Member { object, method } = &callee_ref {
            if let ([name], Some(Local::Value(Expr::Param { func, index }))) =
                (object.as_slice(), self.lookup(&object[0]))
            {
                let _ = name;
                let probe = [Recv::Api(Api::IpcMain), Recv::Api(Api::IpcRenderer), Recv::Api(Api::WebContents)];
                if probe.iter().any(|r| method_spec(r, method, args.len()).is_some()) {
                    if let Some(channel) = arg_exprs.first() {
                        self.out.param_calls.push(ParamCall {
                            func: *func,
                            receiver: *index,
                            method: method.clone(),
                            channel: channel.clone(),
                            arg_count: args.len(),
                        });
                    }
                }
            }
        }
        let object_members = args.first().map(|a| self.object_members(unwrap_expr(*a))).unwrap_or_default();
        let declared = self.declared_receiver(&callee_ref);
        let receiver = match &callee_ref {
            Callee::Member { object, .. } if object.len() == 1 => match self.lookup(&object[0]) {
                Some(Local::Value(e @ Expr::Each(inner))) if matches!(**inner, Expr::Ident(_)) => Some(e.clone()),
                _ => None,
            },
            _ => None,
        };
        let callee_value = self.callee_value(&callee_ref);
        self.out.calls.push(Call {
            callee: callee_ref,
            args: arg_exprs,
            arg_ranges,
            spread,
            range: Self::range(node),
            name_range,
            func: self.funcs.last().copied(),
            arg_apis,
            object_members,
            declared,
            receiver,
            callee_value,
        });
    }

    /// The callee as a member path from a parameter of an enclosing function, through locals
    /// destructured from it (`Call::callee_value`).
    fn callee_value(&self, callee: &Callee) -> Option<Expr> {
        fn from_param(e: &Expr) -> bool {
            match e {
                Expr::Param { .. } => true,
                Expr::Member(inner, _) => from_param(inner),
                _ => false,
            }
        }
        let (root, rest, method) = match callee {
            Callee::Ident(name) => (name, &[][..], None),
            Callee::Member { object, method } => {
                let (root, rest) = object.split_first()?;
                (root, rest, Some(method))
            }
        };
        let Some(Local::Value(base)) = self.lookup(root) else { return None };
        if !from_param(base) || (method.is_none() && matches!(base, Expr::Param { .. })) {
            return None;
        }
        let value = rest.iter().chain(method).fold(base.clone(), |e, m| Expr::Member(Box::new(e), m.clone()));
        Some(value)
    }

    /// The declared type names of a call's receiver when it is a typed parameter, an item of one
    /// (`for (const t of targets)`, `targets.forEach(t => …)`), or a typed field of the class.
    fn declared_receiver(&self, callee: &Callee) -> Vec<String> {
        let Callee::Member { object, .. } = callee else { return Vec::new() };
        if let [first, second] = object.as_slice() {
            if first == "this" {
                // A field of the enclosing class (`this.api.invoke(…)` with `api: MainApi`).
                return self.class_fields.last().and_then(|fields| fields.get(second).cloned()).unwrap_or_default();
            }
            // `w.webContents.send(…)` with `w` a window known by its type.
            return match self.lookup(first) {
                Some(Local::Typed(types)) if second == "webContents" => {
                    types.iter().map(|t| format!("{t}{WEB_CONTENTS_OF}")).collect()
                }
                _ => Vec::new(),
            };
        }
        let [name] = object.as_slice() else { return Vec::new() };
        if let Some(Local::Typed(types)) = self.lookup(name) {
            return types.clone();
        }
        let param = match self.lookup(name) {
            Some(Local::Value(Expr::Param { func, index })) => (*func, *index),
            Some(Local::Value(Expr::Each(inner))) => match **inner {
                Expr::Param { func, index } => (func, index),
                _ => return Vec::new(),
            },
            _ => return Vec::new(),
        };
        self.param_types.get(&param).cloned().unwrap_or_default()
    }

    /// The member names of an object literal, or of the top-level object a name refers to.
    pub(super) fn object_members(&self, node: Node<'a>) -> Vec<(String, TextRange)> {
        let obj = match node.kind_name() {
            OBJECT => node,
            IDENTIFIER => match self.objects.get(self.text(node)) {
                Some(obj) => *obj,
                None => return Vec::new(),
            },
            _ => return Vec::new(),
        };
        let mut out = Vec::new();
        let mut c = obj.walk();
        for m in obj.named_children(&mut c) {
            let key = match m.kind_name() {
                PAIR => m.child_by_field_name(FIELD_KEY),
                METHOD_DEFINITION => m.child_by_field_name(FIELD_NAME),
                SHORTHAND_PROPERTY_IDENTIFIER => Some(m),
                _ => None,
            };
            if let Some(k) = key {
                out.push((property_name(self.text(k)).to_string(), Self::range(k)));
            }
        }
        out
    }

    /// `a.b.c` as names, `this` included; `None` for anything else.
    pub(super) fn name_path(&self, node: Node<'a>) -> Option<Vec<String>> {
        deep(|| {
            let node = unwrap_expr(node);
            match node.kind_name() {
                IDENTIFIER | THIS => Some(vec![self.text(node).to_string()]),
                MEMBER_EXPRESSION => {
                    let mut p = self.name_path(node.field(FIELD_OBJECT)?)?;
                    p.push(self.text(node.field(FIELD_PROPERTY)?).to_string());
                    Some(p)
                }
                _ => None,
            }
        })
    }

    /// What Electron object an expression denotes, if any.
    pub(super) fn receiver(&self, node: Node<'a>) -> Option<Recv> {
        deep(|| {
            // A webview tag is never awaited: `(await tab.webview).send` is some promised object's.
            let awaited = is_awaited(node);
            let node = unwrap_expr(node);
            match node.kind_name() {
                IDENTIFIER => self.recv_of_name(self.text(node)),
                THIS => None,
                MEMBER_EXPRESSION => {
                    let object = unwrap_expr(node.field(FIELD_OBJECT)?);
                    let prop = self.text(node.field(FIELD_PROPERTY)?);
                    let object_recv = self.receiver(object);
                    if let Some(Require { source, member: None }) = self.require_of(object) {
                        return module_recv(&source, &Imported::Named(prop.to_string()));
                    }
                    if object_recv == Some(Recv::Electron) {
                        return module_recv("electron", &Imported::Named(prop.to_string()));
                    }
                    match prop {
                        "ipcMain" if self.global_path(object).is_none() => Some(Recv::Api(Api::IpcMain)),
                        "ipcRenderer" if self.global_path(object).is_none() && object.kind_name() != IDENTIFIER => {
                            Some(Recv::Api(Api::IpcRenderer))
                        }
                        "webContents" | "hostWebContents" => Some(Recv::Api(Api::WebContents)),
                        // `service.webview.send(…)`, `this.webview?.send(…)`: a field holding the tag.
                        "webview" if !awaited => Some(Recv::Api(Api::Webview)),
                        "sender" if object_recv == Some(Recv::RendererEvent) => Some(Recv::Api(Api::IpcRenderer)),
                        "sender"
                            if matches!(object_recv, Some(Recv::Api(Api::Event)))
                                || is_event_name(self.text(object)) =>
                        {
                            Some(Recv::Api(Api::WebContents))
                        }
                        "mainFrame" | "senderFrame" => Some(Recv::Api(Api::WebFrameMain)),
                        "ipc" if matches!(object_recv, Some(Recv::Api(Api::WebContents | Api::WebFrameMain))) => {
                            Some(Recv::Api(Api::ScopedIpc))
                        }
                        _ => None,
                    }
                }
                CALL_EXPRESSION => {
                    let f = unwrap_expr(node.field(FIELD_FUNCTION)?);
                    if f.kind_name() != MEMBER_EXPRESSION {
                        return None;
                    }
                    let obj = self.text(f.field(FIELD_OBJECT)?);
                    let m = self.text(f.field(FIELD_PROPERTY)?);
                    static_call_recv(obj, m)
                }
                _ => None,
            }
        })
    }

    /// The paths a preload value names (`path.join(__dirname, '../preload/index.js')` gives
    /// `../preload/index.js`, `` `${__dirname}/preload.js` `` gives `/preload.js`): the string
    /// arguments of a call joined with `/`, the strings of a `+` concatenated, every alternative
    /// of other expressions (a ternary, an array, an object's values).
    pub(super) fn collect_preload_refs(&mut self, node: Node<'a>) {
        let mut paths = Vec::new();
        self.preload_paths(unwrap_expr(node), &mut paths);
        self.out.preload_refs.extend(paths.into_iter().filter(|p| !p.is_empty()));
    }

    fn preload_paths(&self, node: Node<'a>, out: &mut Vec<String>) {
        deep(|| match node.kind_name() {
            STRING | TEMPLATE_STRING => {
                if let Some(s) = string_value(self.src, node).or_else(|| template_tail(self.src, node)) {
                    out.push(s);
                }
            }
            CALL_EXPRESSION | BINARY_EXPRESSION => {
                let parts: Vec<Node<'a>> = match node.kind_name() {
                    CALL_EXPRESSION => {
                        let Some(args) = node.field(FIELD_ARGUMENTS) else { return };
                        let mut c = args.walk();
                        args.named_children(&mut c).collect()
                    }
                    _ => [node.field(FIELD_LEFT), node.field(FIELD_RIGHT)].into_iter().flatten().collect(),
                };
                let sep = if node.kind_name() == CALL_EXPRESSION { "/" } else { "" };
                let mut joined: Vec<String> = Vec::new();
                for part in parts {
                    let mut inner = Vec::new();
                    self.preload_paths(unwrap_expr(part), &mut inner);
                    // A part with alternatives (or none: `__dirname`) adds nothing to the path.
                    if let [one] = inner.as_slice() {
                        joined.push(one.clone());
                    }
                }
                if !joined.is_empty() {
                    out.push(joined.join(sep).replace("//", "/"));
                }
            }
            _ => {
                let mut c = node.walk();
                let children: Vec<Node<'a>> = node.named_children(&mut c).collect();
                for child in children {
                    self.preload_paths(unwrap_expr(child), out);
                }
            }
        })
    }

    /// A variable, field or attribute named like a preload (`const preloadPath = …`,
    /// `<webview preload={…}>`, `el.setAttribute('preload', …)`): its value names a preload.
    /// Only a path-like value counts (a string, a call, a concatenation, a choice) unless the name
    /// is `preload` itself (forge's `preload: { js: './src/preload.ts' }`).
    pub(super) fn preload_named(&mut self, name: &str, value: Node<'a>) {
        let path_like = matches!(
            unwrap_expr(value).kind_name(),
            STRING | TEMPLATE_STRING | CALL_EXPRESSION | BINARY_EXPRESSION | TERNARY_EXPRESSION
        );
        if name == "preload" || (path_like && name.to_ascii_lowercase().contains("preload")) {
            self.collect_preload_refs(value);
        }
    }
}

/// Whether `node`, through parentheses, casts and `!`, is an `await` expression.
fn is_awaited(mut node: Node) -> bool {
    loop {
        match node.kind_name() {
            AWAIT_EXPRESSION => return true,
            PARENTHESIZED_EXPRESSION | AS_EXPRESSION | SATISFIES_EXPRESSION | NON_NULL_EXPRESSION | TYPE_ASSERTION => {
                match node.named_child(0) {
                    Some(inner) => node = inner,
                    None => return false,
                }
            }
            _ => return false,
        }
    }
}
