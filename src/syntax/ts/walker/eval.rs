//! Evaluation of channel expressions and top-level constants, and the literal helpers they use.

use tree_sitter::Node;

use super::functions::is_function;
use super::*;

impl<'a> Walker<'a> {
    pub(super) fn top_const(&mut self, name: &str, name_node: Node<'a>, value: Node<'a>) {
        let expr = self.eval(value, 0);
        if expr == Expr::Unknown {
            return;
        }
        let inner = unwrap_expr(value);
        let value_range = matches!(inner.kind_name(), STRING | TEMPLATE_STRING).then(|| Self::range(inner));
        let member_ranges = if inner.kind_name() == OBJECT || is_freeze_call(self.src, inner) {
            self.member_ranges(inner, "", 0)
        } else {
            Vec::new()
        };
        // An array, or the array a `Set` or a `Map` is built from.
        let array = match inner.kind_name() {
            ARRAY => Some(inner),
            NEW_EXPRESSION if inner.field(FIELD_CONSTRUCTOR).is_some_and(|c| matches!(self.text(c), "Set" | "Map")) => {
                inner.field(FIELD_ARGUMENTS).and_then(|a| a.named_child(0)).map(unwrap_expr)
            }
            _ => None,
        };
        let item_ranges = if let Some(inner) = array.filter(|a| a.kind_name() == ARRAY) {
            // String items, names and members (`Events.Ready`), and the string members of record
            // and tuple items (`[{ channel: 'a', fn }]`, `[['source', 'channel']]`).
            let mut c = inner.walk();
            let mut ranges = Vec::new();
            for item in inner.named_children(&mut c).map(unwrap_expr) {
                match item.kind_name() {
                    STRING | TEMPLATE_STRING | IDENTIFIER | MEMBER_EXPRESSION => ranges.push(Self::range(item)),
                    OBJECT => ranges.extend(self.member_ranges(item, "", 1).into_iter().map(|(_, r)| r)),
                    ARRAY => {
                        let mut c2 = item.walk();
                        ranges.extend(
                            item.named_children(&mut c2)
                                .map(unwrap_expr)
                                .filter(|n| matches!(n.kind_name(), STRING | TEMPLATE_STRING))
                                .map(Self::range),
                        );
                    }
                    _ => {}
                }
            }
            ranges
        } else {
            Vec::new()
        };
        self.out.consts.push(ConstDef {
            name: name.to_string(),
            value: expr,
            name_range: Self::range(name_node),
            value_range,
            member_ranges,
            item_ranges,
        });
    }

    /// String-valued members of an object literal, with dotted paths for nested objects (at most
    /// `MAX_EVAL_DEPTH` levels: deeper objects are not channel tables, and following them would
    /// overflow the stack; regression test `hostile::deep_nesting_does_not_overflow`).
    pub(super) fn member_ranges(&self, node: Node<'a>, prefix: &str, depth: u32) -> Vec<(String, TextRange)> {
        if depth > MAX_EVAL_DEPTH {
            return Vec::new();
        }
        let node = if is_freeze_call(self.src, node) {
            match node.field(FIELD_ARGUMENTS).and_then(|a| a.named_child(0)) {
                Some(n) => unwrap_expr(n),
                None => return Vec::new(),
            }
        } else {
            node
        };
        let mut out = Vec::new();
        let mut c = node.walk();
        for pair in node.named_children(&mut c) {
            if pair.kind_name() != PAIR {
                continue;
            }
            let (Some(k), Some(v)) = (pair.field(FIELD_KEY), pair.field(FIELD_VALUE)) else {
                continue;
            };
            let key = format!("{prefix}{}", property_name(self.text(k)));
            let v = unwrap_expr(v);
            match v.kind_name() {
                STRING | TEMPLATE_STRING => out.push((key, Self::range(v))),
                OBJECT => out.extend(self.member_ranges(v, &format!("{key}."), depth + 1)),
                // `{ 'app:open': openHandler }`: the key is the channel of `Object.keys`/`entries`.
                _ if k.kind_name() == STRING => out.push((key, Self::range(k))),
                // `{ [Channels.Open]: openHandler }`: the key's expression, for the same.
                _ if k.kind_name() == COMPUTED_PROPERTY_NAME && prefix.is_empty() && depth == 0 => {
                    if let (Some((name, _)), Some(inner)) = (self.computed_key(k, 1), k.named_child(0)) {
                        out.push((name, Self::range(unwrap_expr(inner))));
                    }
                }
                _ => {}
            }
        }
        out
    }
    /// The name and the expression of a computed key (`[Channels.Open]`): a key that is a string
    /// where it is written is named by its value, any other by its text in brackets. `None` when
    /// the key cannot be evaluated.
    pub(super) fn computed_key(&self, key: Node<'a>, depth: u32) -> Option<(String, Expr)> {
        let inner = key.named_child(0)?;
        match self.eval(inner, depth) {
            Expr::Unknown => None,
            Expr::Str(s) => Some((s.clone(), Expr::Str(s))),
            e => Some((format!("[{}]", self.text(unwrap_expr(inner))), e)),
        }
    }

    // ----- expressions -----

    pub(super) fn eval(&self, node: Node<'a>, depth: u32) -> Expr {
        deep(|| {
            if depth > MAX_EVAL_DEPTH {
                return Expr::Unknown;
            }
            let node = unwrap_expr(node);
            match node.kind_name() {
                STRING => string_value(self.src, node).map_or(Expr::Unknown, Expr::Str),
                NUMBER => Expr::Str(self.text(node).to_string()),
                TEMPLATE_STRING => {
                    let mut parts = Vec::new();
                    let mut lit = String::new();
                    let mut c = node.walk();
                    for part in node.named_children(&mut c) {
                        match part.kind_name() {
                            STRING_FRAGMENT => lit.push_str(self.text(part)),
                            ESCAPE_SEQUENCE => lit.push_str(&unescape(self.text(part))),
                            TEMPLATE_SUBSTITUTION => {
                                if !lit.is_empty() {
                                    parts.push(Expr::Str(std::mem::take(&mut lit)));
                                }
                                let inner = part.named_child(0).map_or(Expr::Unknown, |e| self.eval(e, depth + 1));
                                parts.push(inner);
                            }
                            _ => {}
                        }
                    }
                    if parts.is_empty() {
                        return Expr::Str(lit);
                    }
                    if !lit.is_empty() {
                        parts.push(Expr::Str(lit));
                    }
                    Expr::Concat(parts)
                }
                IDENTIFIER | SHORTHAND_PROPERTY_IDENTIFIER => {
                    let name = self.text(node);
                    match self.lookup(name) {
                        Some(Local::Value(e)) => e.clone(),
                        Some(_) => Expr::Unknown,
                        None if name == "undefined" => Expr::Unknown,
                        None => Expr::Ident(name.to_string()),
                    }
                }
                MEMBER_EXPRESSION => {
                    let (Some(object), Some(prop)) = (node.field(FIELD_OBJECT), node.field(FIELD_PROPERTY)) else {
                        return Expr::Unknown;
                    };
                    if let Some(table) = self.class_field_const(object, self.text(prop)) {
                        return Expr::Ident(table);
                    }
                    let base = self.eval(object, depth + 1);
                    if base == Expr::Unknown && object.kind_name() != THIS {
                        return Expr::Unknown;
                    }
                    let base = if object.kind_name() == THIS { Expr::Ident("this".into()) } else { base };
                    member(base, self.text(prop))
                }
                SUBSCRIPT_EXPRESSION => {
                    let (Some(object), Some(index)) = (node.field(FIELD_OBJECT), node.field(FIELD_INDEX)) else {
                        return Expr::Unknown;
                    };
                    let key = match self.eval(index, depth + 1) {
                        Expr::Str(s) => s,
                        _ => return Expr::Unknown,
                    };
                    let base = self.eval(object, depth + 1);
                    if base == Expr::Unknown {
                        return Expr::Unknown;
                    }
                    member(base, &key)
                }
                BINARY_EXPRESSION => {
                    let op = node.field(FIELD_OPERATOR).map(|o| self.text(o));
                    if op != Some("+") {
                        return Expr::Unknown;
                    }
                    let (Some(l), Some(r)) = (node.field(FIELD_LEFT), node.field(FIELD_RIGHT)) else {
                        return Expr::Unknown;
                    };
                    let mut parts = Vec::new();
                    for side in [self.eval(l, depth + 1), self.eval(r, depth + 1)] {
                        match side {
                            Expr::Concat(p) => parts.extend(p),
                            other => parts.push(other),
                        }
                    }
                    Expr::Concat(parts)
                }
                OBJECT => {
                    let mut members = Vec::new();
                    let mut c = node.walk();
                    for m in node.named_children(&mut c) {
                        match m.kind_name() {
                            PAIR => {
                                let (Some(k), Some(v)) = (m.field(FIELD_KEY), m.field(FIELD_VALUE)) else {
                                    continue;
                                };
                                let v =
                                    if is_function(unwrap_expr(v)) { Expr::Unknown } else { self.eval(v, depth + 1) };
                                if k.kind_name() != COMPUTED_PROPERTY_NAME {
                                    members.push((property_name(self.text(k)).to_string(), v));
                                    continue;
                                }
                                match self.computed_key(k, depth + 1) {
                                    Some((name, Expr::Str(_))) => members.push((name, v)),
                                    Some((name, key)) => {
                                        members.push((name, Expr::Keyed { key: Box::new(key), value: Box::new(v) }))
                                    }
                                    None => {}
                                }
                            }
                            SHORTHAND_PROPERTY_IDENTIFIER => {
                                let n = self.text(m);
                                members.push((n.to_string(), self.eval(m, depth + 1)));
                            }
                            METHOD_DEFINITION => {
                                if let Some(k) = m.field(FIELD_NAME) {
                                    members.push((property_name(self.text(k)).to_string(), Expr::Unknown));
                                }
                            }
                            _ => {}
                        }
                    }
                    Expr::Object(members)
                }
                ARRAY => {
                    let mut c = node.walk();
                    // Comments between items are not items (`[ // reads\n 'a:get', … ]`).
                    let items = node
                        .named_children(&mut c)
                        .filter(|e| e.kind_name() != COMMENT)
                        .map(|e| self.eval(e, depth + 1))
                        .collect();
                    Expr::Array(items)
                }
                CALL_EXPRESSION => {
                    let f = node.field(FIELD_FUNCTION).map(|f| self.text(f)).unwrap_or("");
                    let arg = node.field(FIELD_ARGUMENTS).and_then(|a| a.named_child(0));
                    match (f, arg) {
                        ("Object.freeze", Some(a)) | ("Object.values", Some(a)) | ("Array.from", Some(a)) => {
                            self.eval(a, depth + 1)
                        }
                        ("Object.keys", Some(a)) => Expr::Keys(Box::new(self.eval(a, depth + 1))),
                        ("Object.entries", Some(a)) => Expr::Keys(Box::new(self.eval(a, depth + 1))),
                        ("String", Some(a)) => self.eval(a, depth + 1),
                        // `buildHandlers(ctx)`: what a function of the module returns (its
                        // returned object literal is the constant `buildHandlers()`).
                        _ if node.field(FIELD_FUNCTION).is_some_and(|f| f.kind_name() == IDENTIFIER)
                            && self.lookup(f).is_none() =>
                        {
                            Expr::Ident(returned_name(f))
                        }
                        _ => Expr::Unknown,
                    }
                }
                // `paused ? Commands.Resume : Commands.Pause`: either branch.
                TERNARY_EXPRESSION => {
                    let (Some(a), Some(b)) = (node.field(FIELD_CONSEQUENCE), node.field(FIELD_ALTERNATIVE)) else {
                        return Expr::Unknown;
                    };
                    Expr::Either(vec![self.eval(a, depth + 1), self.eval(b, depth + 1)])
                }
                SPREAD_ELEMENT => node.named_child(0).map_or(Expr::Unknown, |e| self.eval(e, depth + 1)),
                // `new Set([...])`, `new Map([[k, v], …])`: a table of its items.
                NEW_EXPRESSION => {
                    let class = node.field(FIELD_CONSTRUCTOR).map(|c| self.text(c));
                    let arg = node.field(FIELD_ARGUMENTS).and_then(|a| a.named_child(0));
                    match (class, arg) {
                        (Some("Set" | "Map"), Some(a)) => self.eval(a, depth + 1),
                        _ => Expr::Unknown,
                    }
                }
                _ => Expr::Unknown,
            }
        })
    }
}

/// The names a destructuring pattern binds to each value `each` of a table loop takes:
/// `[channel, fn]` of `Object.entries(t)` (a key, a value), `[source, channel]` of tuples and
/// `{ channel, fn }` / `{ channel: ch }` of records (members of each entry).
pub(super) fn pattern_entries(src: &str, pattern: Node, each: &Expr) -> Vec<(String, Option<Expr>)> {
    let text = |n: Node| src.get(n.byte_range()).unwrap_or("").to_string();
    let known = !matches!(each, Expr::Each(inner) if **inner == Expr::Unknown);
    let mut out = Vec::new();
    let mut c = pattern.walk();
    match pattern.kind_name() {
        ARRAY_PATTERN => {
            for (j, el) in pattern.named_children(&mut c).enumerate() {
                if el.kind_name() != IDENTIFIER {
                    continue;
                }
                let value = match each {
                    Expr::Each(inner) if known => match (&**inner, j) {
                        (Expr::Keys(_), 0) => Some(each.clone()),
                        (Expr::Keys(obj), 1) => Some(each_of((**obj).clone())),
                        (Expr::Keys(_), _) => None,
                        _ => Some(Expr::Member(Box::new(each.clone()), j.to_string())),
                    },
                    _ => None,
                };
                out.push((text(el), value));
            }
        }
        OBJECT_PATTERN => {
            for field in pattern.named_children(&mut c) {
                let (key, local) = match field.kind_name() {
                    SHORTHAND_PROPERTY_IDENTIFIER_PATTERN => (text(field), text(field)),
                    PAIR_PATTERN => match (field.field(FIELD_KEY), field.field(FIELD_VALUE)) {
                        (Some(k), Some(v)) if v.kind_name() == IDENTIFIER => {
                            (property_name(&text(k)).to_string(), text(v))
                        }
                        _ => continue,
                    },
                    _ => continue,
                };
                let value = (known && matches!(each, Expr::Each(_) | Expr::Param { .. }))
                    .then(|| Expr::Member(Box::new(each.clone()), key));
                out.push((local, value));
            }
        }
        _ => {}
    }
    out
}

/// The name of the constant that stands for what function `name` returns.
pub(super) fn returned_name(name: &str) -> String {
    format!("{name}()")
}

/// `base.name`, folding known object members at once.
pub(super) fn member(base: Expr, name: &str) -> Expr {
    if let Expr::Object(members) = &base {
        if let Some((_, v)) = members.iter().find(|(k, _)| k == name).filter(|(_, v)| *v != Expr::Unknown) {
            return v.clone();
        }
    }
    Expr::Member(Box::new(base), name.to_string())
}

/// The values a loop over `source` takes.
pub(super) fn each_of(source: Expr) -> Expr {
    Expr::Each(Box::new(source))
}

pub(super) fn is_freeze_call(src: &str, node: Node) -> bool {
    node.kind_name() == CALL_EXPRESSION
        && node.field(FIELD_FUNCTION).is_some_and(|f| src.get(f.byte_range()) == Some("Object.freeze"))
}
/// Strips parentheses, `as`, `satisfies`, `!` and `await`, which do not change a channel's value.
pub(super) fn unwrap_expr(mut node: Node) -> Node {
    loop {
        match node.kind_name() {
            PARENTHESIZED_EXPRESSION
            | AS_EXPRESSION
            | SATISFIES_EXPRESSION
            | NON_NULL_EXPRESSION
            | AWAIT_EXPRESSION
            | TYPE_ASSERTION => match node.named_child(0) {
                Some(inner) => node = inner,
                None => return node,
            },
            _ => return node,
        }
    }
}

/// The value of a string literal, with escapes decoded.
pub(super) fn string_value(src: &str, node: Node) -> Option<String> {
    match node.kind_name() {
        STRING => {
            let mut out = String::new();
            let mut c = node.walk();
            for part in node.named_children(&mut c) {
                let t = src.get(part.byte_range()).unwrap_or("");
                match part.kind_name() {
                    STRING_FRAGMENT => out.push_str(t),
                    ESCAPE_SEQUENCE => out.push_str(&unescape(t)),
                    _ => {}
                }
            }
            Some(out)
        }
        TEMPLATE_STRING => {
            let mut out = String::new();
            let mut c = node.walk();
            for part in node.named_children(&mut c) {
                let t = src.get(part.byte_range()).unwrap_or("");
                match part.kind_name() {
                    STRING_FRAGMENT => out.push_str(t),
                    ESCAPE_SEQUENCE => out.push_str(&unescape(t)),
                    _ => return None,
                }
            }
            Some(out)
        }
        _ => None,
    }
}

/// The literal text after the last substitution of a template (`${dir}/preload.js` → `/preload.js`).
pub(super) fn template_tail(src: &str, node: Node) -> Option<String> {
    let mut c = node.walk();
    let last = node.named_children(&mut c).filter(|p| p.kind_name() == STRING_FRAGMENT).last()?;
    src.get(last.byte_range()).map(str::to_string)
}

pub(super) fn unescape(esc: &str) -> String {
    let body = esc.strip_prefix('\\').unwrap_or(esc);
    match body {
        "n" => "\n".into(),
        "t" => "\t".into(),
        "r" => "\r".into(),
        "0" => "\0".into(),
        "\n" | "\r\n" => String::new(),
        _ if body.starts_with('u') || body.starts_with('x') => {
            let hex = body[1..].trim_matches(|c| c == '{' || c == '}');
            u32::from_str_radix(hex, 16).ok().and_then(char::from_u32).map_or_else(|| esc.to_string(), String::from)
        }
        _ => body.to_string(),
    }
}

/// A property key without quotes.
pub(super) fn property_name(key: &str) -> &str {
    key.trim_matches(|c| c == '\'' || c == '"' || c == '`')
}

/// A name bound inside a loop that rewrites a channel table from its keys.
enum KeyBind {
    /// The loop variable: one key of the table.
    Key(String),
    /// A table of a top-level constant: the constant's name and the member path inside it.
    Table(String, Vec<String>),
}

impl<'a> Walker<'a> {
    /// A top-level loop over a constant table's keys that assigns each member from its key
    /// (`for (const k of Object.keys(t)) t[k] = `${prefix}_${k}``, nested over a table of tables):
    /// the constant's members take the rewritten values; a member assigned something that cannot
    /// be evaluated becomes unknown rather than keeping its initial literal.
    pub(super) fn key_rewrite(&mut self, node: Node<'a>) {
        let mut writes = Vec::new();
        let mut env = Vec::new();
        self.key_loop(node, &mut env, &mut writes, 0);
        for (root, path, value) in writes {
            let Some(def) = self.out.consts.iter_mut().rev().find(|c| c.name == root) else {
                continue;
            };
            set_member(&mut def.value, &path, value);
        }
    }

    fn key_loop(
        &self,
        node: Node<'a>,
        env: &mut Vec<(String, KeyBind)>,
        writes: &mut Vec<(String, Vec<String>, Expr)>,
        depth: u32,
    ) {
        if depth > MAX_EVAL_DEPTH {
            return;
        }
        let (Some(left), Some(right), Some(body)) =
            (node.field(FIELD_LEFT), node.field(FIELD_RIGHT), node.field(FIELD_BODY))
        else {
            return;
        };
        if left.kind_name() != IDENTIFIER {
            return;
        }
        let is_in = node.field(FIELD_OPERATOR).is_some_and(|o| self.text(o) == "in");
        let right = unwrap_expr(right);
        let table = if is_in {
            right
        } else {
            // `Object.keys(t)`
            if right.kind_name() != CALL_EXPRESSION
                || right.field(FIELD_FUNCTION).is_none_or(|f| self.text(f) != "Object.keys")
            {
                return;
            }
            match right.field(FIELD_ARGUMENTS).and_then(|a| a.named_child(0)) {
                Some(t) => t,
                None => return,
            }
        };
        let Some((root, path)) = self.table_path(table, env) else {
            return;
        };
        let keys: Vec<String> = match self.const_member(&root, &path) {
            // A key computed from a name is no string the rewrite can join.
            Some(Expr::Object(members)) if !members.iter().any(|(_, v)| matches!(v, Expr::Keyed { .. })) => {
                members.iter().map(|(k, _)| k.clone()).collect()
            }
            _ => return,
        };
        let var = self.text(left).to_string();
        for key in keys {
            env.push((var.clone(), KeyBind::Key(key)));
            self.key_statement(body, env, writes, depth + 1);
            env.pop();
        }
    }

    fn key_statement(
        &self,
        node: Node<'a>,
        env: &mut Vec<(String, KeyBind)>,
        writes: &mut Vec<(String, Vec<String>, Expr)>,
        depth: u32,
    ) {
        if depth > MAX_EVAL_DEPTH {
            return;
        }
        match node.kind_name() {
            STATEMENT_BLOCK => {
                let mark = env.len();
                let mut c = node.walk();
                let children: Vec<Node<'a>> = node.named_children(&mut c).collect();
                for s in children {
                    self.key_statement(s, env, writes, depth + 1);
                }
                env.truncate(mark);
            }
            LEXICAL_DECLARATION | VARIABLE_DECLARATION => {
                let mut c = node.walk();
                let decls: Vec<Node<'a>> = node.named_children(&mut c).collect();
                for d in decls.into_iter().filter(|d| d.kind_name() == VARIABLE_DECLARATOR) {
                    let (Some(name), Some(value)) = (d.field(FIELD_NAME), d.field(FIELD_VALUE)) else {
                        continue;
                    };
                    if name.kind_name() != IDENTIFIER {
                        continue;
                    }
                    if let Some((root, path)) = self.table_path(value, env) {
                        env.push((self.text(name).to_string(), KeyBind::Table(root, path)));
                    }
                }
            }
            FOR_IN_STATEMENT => self.key_loop(node, env, writes, depth + 1),
            "expression_statement" => {
                let Some(e) = node.named_child(0).map(unwrap_expr) else {
                    return;
                };
                if e.kind_name() != ASSIGNMENT_EXPRESSION {
                    return;
                }
                let (Some(target), Some(value)) = (e.field(FIELD_LEFT).map(unwrap_expr), e.field(FIELD_RIGHT)) else {
                    return;
                };
                if target.kind_name() != SUBSCRIPT_EXPRESSION {
                    return;
                }
                let (Some(object), Some(index)) = (target.field(FIELD_OBJECT), target.field(FIELD_INDEX)) else {
                    return;
                };
                let Some(key) = self.key_of(index, env) else {
                    return;
                };
                let Some((root, mut path)) = self.table_path(object, env) else {
                    return;
                };
                path.push(key);
                let value = self.key_value(value, env, 0).map_or(Expr::Unknown, Expr::Str);
                writes.push((root, path, value));
            }
            _ => {}
        }
    }

    /// The loop key an index expression names.
    fn key_of(&self, node: Node<'a>, env: &[(String, KeyBind)]) -> Option<String> {
        let node = unwrap_expr(node);
        if node.kind_name() != IDENTIFIER {
            return None;
        }
        let name = self.text(node);
        match env.iter().rev().find(|(n, _)| n == name) {
            Some((_, KeyBind::Key(k))) => Some(k.clone()),
            _ => None,
        }
    }

    /// The constant and member path a table expression names (`t`, `t[k]`, `t.sub`, a bound alias).
    fn table_path(&self, node: Node<'a>, env: &[(String, KeyBind)]) -> Option<(String, Vec<String>)> {
        let node = unwrap_expr(node);
        match node.kind_name() {
            IDENTIFIER => {
                let name = self.text(node);
                match env.iter().rev().find(|(n, _)| n == name) {
                    Some((_, KeyBind::Table(root, path))) => Some((root.clone(), path.clone())),
                    Some((_, KeyBind::Key(_))) => None,
                    None => matches!(self.const_member(name, &[]), Some(Expr::Object(_)))
                        .then(|| (name.to_string(), Vec::new())),
                }
            }
            SUBSCRIPT_EXPRESSION => {
                let (Some(object), Some(index)) = (node.field(FIELD_OBJECT), node.field(FIELD_INDEX)) else {
                    return None;
                };
                let key = self.key_of(index, env).or_else(|| string_value(self.src, unwrap_expr(index)))?;
                let (root, mut path) = self.table_path(object, env)?;
                path.push(key);
                Some((root, path))
            }
            MEMBER_EXPRESSION => {
                let (Some(object), Some(prop)) = (node.field(FIELD_OBJECT), node.field(FIELD_PROPERTY)) else {
                    return None;
                };
                let (root, mut path) = self.table_path(object, env)?;
                path.push(self.text(prop).to_string());
                Some((root, path))
            }
            _ => None,
        }
    }

    /// The member at `path` of the top-level constant `root`.
    fn const_member(&self, root: &str, path: &[String]) -> Option<&Expr> {
        let mut e = &self.out.consts.iter().rev().find(|c| c.name == root)?.value;
        for seg in path {
            let Expr::Object(members) = e else {
                return None;
            };
            e = &members.iter().find(|(k, _)| k == seg)?.1;
        }
        Some(e)
    }

    /// The string a rewrite assigns: literals, loop keys and string constants joined by templates
    /// and `+`.
    fn key_value(&self, node: Node<'a>, env: &[(String, KeyBind)], depth: u32) -> Option<String> {
        if depth > MAX_EVAL_DEPTH {
            return None;
        }
        let node = unwrap_expr(node);
        match node.kind_name() {
            STRING => string_value(self.src, node),
            IDENTIFIER => {
                let name = self.text(node);
                match env.iter().rev().find(|(n, _)| n == name) {
                    Some((_, KeyBind::Key(k))) => Some(k.clone()),
                    Some(_) => None,
                    None => match self.const_member(name, &[]) {
                        Some(Expr::Str(s)) => Some(s.clone()),
                        _ => None,
                    },
                }
            }
            BINARY_EXPRESSION => {
                if node.field(FIELD_OPERATOR).is_none_or(|o| self.text(o) != "+") {
                    return None;
                }
                let l = self.key_value(node.field(FIELD_LEFT)?, env, depth + 1)?;
                let r = self.key_value(node.field(FIELD_RIGHT)?, env, depth + 1)?;
                Some(l + &r)
            }
            TEMPLATE_STRING => {
                let mut out = String::new();
                let mut c = node.walk();
                let parts: Vec<Node<'a>> = node.named_children(&mut c).collect();
                for part in parts {
                    match part.kind_name() {
                        STRING_FRAGMENT => out.push_str(self.text(part)),
                        ESCAPE_SEQUENCE => out.push_str(&unescape(self.text(part))),
                        TEMPLATE_SUBSTITUTION => out.push_str(&self.key_value(part.named_child(0)?, env, depth + 1)?),
                        _ => {}
                    }
                }
                Some(out)
            }
            _ => None,
        }
    }
}

/// Sets the member at `path` of an object expression.
fn set_member(e: &mut Expr, path: &[String], value: Expr) {
    let Some((first, rest)) = path.split_first() else {
        *e = value;
        return;
    };
    let Expr::Object(members) = e else {
        return;
    };
    match members.iter_mut().find(|(k, _)| k == first) {
        Some((_, m)) => set_member(m, rest, value),
        None if rest.is_empty() => members.push((first.clone(), value)),
        None => {}
    }
}
