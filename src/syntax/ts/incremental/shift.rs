//! Moving a kept statement's output through an edit: offsets after it and indices of functions after
//! the walked ones.

use crate::base::TextRange;
use crate::syntax::ts::summary::*;

/// Moves offsets after the edit by `bytes`, and indices of functions after the edit by
/// `functions`. A statement's output may point before the edit (a bridge whose object is declared
/// earlier): those offsets stay. (It never points into the statements walked again: see the
/// conditions for reuse in [`Extraction::update`].)
pub(super) struct Shifter {
    pub(super) bytes: i64,
    pub(super) after: u32,
    pub(super) functions: i64,
    pub(super) from_function: u32,
}

impl Shifter {
    fn offset(&self, at: &mut u32) {
        if *at > self.after {
            *at = (*at as i64 + self.bytes).max(0) as u32;
        }
    }

    fn function(&self, f: &mut u32) {
        if *f >= self.from_function {
            *f = (*f as i64 + self.functions).max(0) as u32;
        }
    }
}

/// Values holding offsets or function indices. Every impl destructures its type whole, so that a
/// new field does not compile until it is decided here whether it moves.
pub(super) trait Shift {
    fn shift(&mut self, by: &Shifter);
}

impl Shift for TextRange {
    fn shift(&mut self, by: &Shifter) {
        by.offset(&mut self.start);
        by.offset(&mut self.end);
    }
}

impl<T: Shift> Shift for Vec<T> {
    fn shift(&mut self, by: &Shifter) {
        for x in self {
            x.shift(by);
        }
    }
}

impl<T: Shift> Shift for Option<T> {
    fn shift(&mut self, by: &Shifter) {
        if let Some(x) = self {
            x.shift(by);
        }
    }
}

/// Imports, exports, instances and preload references hold no offsets or function indices.
impl Shift for Import {
    fn shift(&mut self, _: &Shifter) {}
}

impl Shift for Export {
    fn shift(&mut self, _: &Shifter) {}
}

impl Shift for (String, String) {
    fn shift(&mut self, _: &Shifter) {}
}

impl Shift for (String, Api) {
    fn shift(&mut self, _: &Shifter) {}
}

/// Typed bindings hold names only.
impl Shift for (String, Vec<String>) {
    fn shift(&mut self, _: &Shifter) {}
}

impl Shift for String {
    fn shift(&mut self, _: &Shifter) {}
}

impl Shift for Expr {
    fn shift(&mut self, by: &Shifter) {
        match self {
            Expr::Param { func, index: _ } => by.function(func),
            Expr::Member(e, _) | Expr::Each(e) | Expr::Keys(e) => e.shift(by),
            Expr::Concat(parts) | Expr::Array(parts) | Expr::Either(parts) => parts.shift(by),
            Expr::Object(members) => {
                for (_, e) in members {
                    e.shift(by);
                }
            }
            Expr::Keyed { key, value } => {
                key.shift(by);
                value.shift(by);
            }
            Expr::Str(_) | Expr::Ident(_) | Expr::Unknown => {}
        }
    }
}

impl Shift for RawSite {
    fn shift(&mut self, by: &Shifter) {
        let RawSite {
            kind: _,
            api: _,
            method: _,
            channel,
            range,
            arg_count: _,
            listener_params: _,
            func,
            once: _,
            callee_range,
            branches,
        } = self;
        channel.shift(by);
        range.shift(by);
        if let Some(f) = func {
            by.function(f);
        }
        callee_range.shift(by);
        for (start, _) in branches {
            by.offset(start);
        }
    }
}

impl Shift for FunctionDef {
    fn shift(&mut self, by: &Shifter) {
        let FunctionDef { name: _, params: _, rest: _, name_range, range, parent, param_types: _, returns: _ } = self;
        name_range.shift(by);
        range.shift(by);
        if let Some(f) = parent {
            by.function(f);
        }
    }
}

impl Shift for Call {
    fn shift(&mut self, by: &Shifter) {
        let Call {
            callee: _,
            args,
            arg_ranges,
            spread: _,
            range,
            name_range,
            func,
            arg_apis: _,
            object_members,
            declared: _,
            receiver,
            callee_value,
        } = self;
        if let Some(r) = receiver {
            r.shift(by);
        }
        if let Some(v) = callee_value {
            v.shift(by);
        }
        args.shift(by);
        arg_ranges.shift(by);
        range.shift(by);
        name_range.shift(by);
        if let Some(f) = func {
            by.function(f);
        }
        for (_, r) in object_members {
            r.shift(by);
        }
    }
}

impl Shift for ConstDef {
    fn shift(&mut self, by: &Shifter) {
        let ConstDef { name: _, value, name_range, value_range, member_ranges, item_ranges } = self;
        value.shift(by);
        name_range.shift(by);
        value_range.shift(by);
        for (_, r) in member_ranges {
            r.shift(by);
        }
        item_ranges.shift(by);
    }
}

impl Shift for BridgeMember {
    fn shift(&mut self, by: &Shifter) {
        let BridgeMember { path: _, name_range, value_range, func, import: _ } = self;
        name_range.shift(by);
        value_range.shift(by);
        if let Some(f) = func {
            by.function(f);
        }
    }
}

impl Shift for BridgeDef {
    fn shift(&mut self, by: &Shifter) {
        let BridgeDef { key, key_range, members, toolkit: _, open: _, assigned: _, range } = self;
        key.shift(by);
        key_range.shift(by);
        members.shift(by);
        range.shift(by);
    }
}

impl Shift for BridgeProvider {
    fn shift(&mut self, _: &Shifter) {
        let BridgeProvider { token: _, path: _, conditional: _ } = self;
    }
}

impl Shift for ObjectDef {
    fn shift(&mut self, by: &Shifter) {
        let ObjectDef { name: _, members } = self;
        members.shift(by);
    }
}

impl Shift for BridgeUse {
    fn shift(&mut self, by: &Shifter) {
        let BridgeUse { root: _, path: _, ranges, args, arg_ranges, spread: _, func, via_alias: _ } = self;
        ranges.shift(by);
        args.shift(by);
        arg_ranges.shift(by);
        if let Some(f) = func {
            by.function(f);
        }
    }
}

impl Shift for WindowDecl {
    fn shift(&mut self, by: &Shifter) {
        let WindowDecl { path: _, name_range } = self;
        name_range.shift(by);
    }
}

impl Shift for TypeAlias {
    fn shift(&mut self, _: &Shifter) {}
}

impl Shift for TypeDecl {
    fn shift(&mut self, by: &Shifter) {
        let TypeDecl { name: _, members, callbacks: _ } = self;
        for (_, r, _) in members {
            r.shift(by);
        }
    }
}

impl Shift for ParamCall {
    fn shift(&mut self, by: &Shifter) {
        let ParamCall { func, receiver: _, method: _, channel, arg_count: _ } = self;
        by.function(func);
        channel.shift(by);
    }
}

impl Shift for Forwarder {
    fn shift(&mut self, by: &Shifter) {
        let Forwarder { object: _, class: _, kind: _, channel } = self;
        channel.shift(by);
    }
}
