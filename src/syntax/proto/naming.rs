//! Channel names of rpcs: the naming template (`{service}:{method}`), its inverse, and camel case.

use super::{Rpc, Service};

/// The naming template used when the configuration sets none.
pub const DEFAULT_TEMPLATE: &str = "{service}:{method}";

/// One piece of a parsed naming template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Piece<'t> {
    Literal(&'t str),
    /// The service name without a trailing `Service`, lowerCamelCase.
    ServiceCamel,
    /// The service name as written.
    ServiceAsWritten,
    /// The rpc name, lowerCamelCase.
    MethodCamel,
    /// The rpc name as written.
    MethodAsWritten,
    Package,
}

impl Piece<'_> {
    fn is_method(self) -> bool {
        matches!(self, Piece::MethodCamel | Piece::MethodAsWritten)
    }
}

fn parse_template(template: &str) -> Result<Vec<Piece<'_>>, String> {
    let mut pieces = Vec::new();
    let mut rest = template;
    while !rest.is_empty() {
        let Some(brace) = rest.find(['{', '}']) else {
            pieces.push(Piece::Literal(rest));
            break;
        };
        if brace > 0 {
            pieces.push(Piece::Literal(&rest[..brace]));
        }
        if rest[brace..].starts_with('}') {
            return Err(format!("unbalanced '}}' in naming template '{template}'"));
        }
        let after = &rest[brace + 1..];
        let Some(close) = after.find(['{', '}']).filter(|&i| after[i..].starts_with('}')) else {
            return Err(format!("unbalanced '{{' in naming template '{template}'"));
        };
        pieces.push(match &after[..close] {
            "service" => Piece::ServiceCamel,
            "Service" => Piece::ServiceAsWritten,
            "method" => Piece::MethodCamel,
            "Method" => Piece::MethodAsWritten,
            "package" => Piece::Package,
            other => {
                return Err(format!(
                    "unknown placeholder '{{{other}}}' in naming template '{template}' \
                     (known: {{service}}, {{Service}}, {{method}}, {{Method}}, {{package}})"
                ))
            }
        });
        rest = &after[close + 1..];
    }
    Ok(pieces)
}

/// Checks a naming template: known placeholders only, balanced braces, and a method placeholder.
pub fn validate_template(template: &str) -> Result<(), String> {
    let pieces = parse_template(template)?;
    if !pieces.iter().any(|piece| piece.is_method()) {
        return Err(format!(
            "naming template '{template}' must contain {{method}} or {{Method}}, \
             otherwise every rpc of a service gets the same channel"
        ));
    }
    Ok(())
}

/// The channel of `rpc`: its `(ipcls.channel)` option if set, else `template` expanded.
/// An invalid template (see [`validate_template`]) falls back to [`DEFAULT_TEMPLATE`].
pub fn channel_for(template: &str, service: &Service, rpc: &Rpc) -> String {
    if let Some((channel, _)) = &rpc.channel_option {
        return channel.clone();
    }
    render(&pieces_or_default(template), service, &rpc.name)
}

/// The rpc name (as written, UpperCamelCase for `{method}`) whose derived channel in `service`
/// is `channel`, or `None` when the template cannot produce `channel` for any valid rpc name.
/// `(ipcls.channel)` options are not considered: they name channels directly.
///
/// `{method}` loses the case of acronyms (`URLOpen` and `UrlOpen` are both `urlOpen`); the
/// plain form (`UrlOpen`) is returned unless a `{Method}` in the template says otherwise.
pub fn method_for_channel(template: &str, service: &Service, channel: &str) -> Option<String> {
    if channel.len() > MAX_CHANNEL_LEN {
        return None;
    }
    let pieces = parse_template(template).ok()?;
    let first = pieces.iter().position(|piece| piece.is_method())?;
    let as_written = pieces.iter().position(|piece| *piece == Piece::MethodAsWritten);
    let matches = |method: &str| is_identifier(method) && render(&pieces, service, method) == channel;
    let prefix = render(&pieces[..first], service, "");
    let rest = channel.strip_prefix(prefix.as_str())?;
    prefixes(rest).find_map(|slot| match (pieces[first], as_written) {
        (Piece::MethodAsWritten, _) => matches(slot).then(|| slot.to_owned()),
        // The first slot gives the lowerCamel form; the rpc name itself is in the `{Method}`.
        (_, Some(written)) => {
            let before = render_parts(&pieces[..written], service, slot, "");
            let rest = channel.strip_prefix(before.as_str())?;
            prefixes(rest).find(|method| lower_camel(method) == slot && matches(method)).map(str::to_owned)
        }
        _ => Some(upper_camel(slot)).filter(|method| matches(method)),
    })
}

/// Rpc names are identifiers; a longer channel is not derived from one.
const MAX_CHANNEL_LEN: usize = 512;

/// The non-empty prefixes of `s`, shortest first.
fn prefixes(s: &str) -> impl Iterator<Item = &str> {
    s.char_indices().map(move |(i, c)| &s[..i + c.len_utf8()])
}

fn pieces_or_default(template: &str) -> Vec<Piece<'_>> {
    parse_template(template)
        .ok()
        .filter(|pieces| pieces.iter().any(|piece| piece.is_method()))
        .unwrap_or_else(|| parse_template(DEFAULT_TEMPLATE).unwrap_or_default())
}

fn render(pieces: &[Piece], service: &Service, method: &str) -> String {
    render_parts(pieces, service, &lower_camel(method), method)
}

/// Renders with the two forms of the rpc name given separately.
fn render_parts(pieces: &[Piece], service: &Service, camel: &str, written: &str) -> String {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Literal(text) => out.push_str(text),
            Piece::ServiceCamel => out.push_str(&service_camel(&service.name)),
            Piece::ServiceAsWritten => out.push_str(&service.name),
            Piece::MethodCamel => out.push_str(camel),
            Piece::MethodAsWritten => out.push_str(written),
            Piece::Package => out.push_str(&service.package),
        }
    }
    out
}

/// `{service}`: the service name without a trailing `Service`, lowerCamelCase
/// (`DialogService` → `dialog`, `AppUpdaterService` → `appUpdater`, `Service` → `service`).
pub fn service_camel(name: &str) -> String {
    let base = name.strip_suffix("Service").filter(|base| !base.is_empty());
    lower_camel(base.unwrap_or(name))
}

/// lowerCamelCase: underscores join words (`open_file` → `openFile`) and a leading run of
/// capitals is lowered as one word (`OpenFile` → `openFile`, `URLOpen` → `urlOpen`, `IO` → `io`).
pub fn lower_camel(s: &str) -> String {
    let chars: Vec<char> = join_words(s).chars().collect();
    let run = chars.iter().take_while(|c| c.is_uppercase()).count();
    let lowered = match run {
        0 | 1 => run,
        _ if chars.get(run).is_some_and(|c| c.is_lowercase()) => run - 1,
        _ => run,
    };
    let mut out = String::with_capacity(s.len());
    for (i, c) in chars.into_iter().enumerate() {
        if i < lowered {
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// UpperCamelCase: underscores join words and the first letter is raised
/// (`openFile` → `OpenFile`, `open_file` → `OpenFile`).
pub fn upper_camel(s: &str) -> String {
    let joined = join_words(s);
    let mut chars = joined.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Drops underscores and raises the letter after each one (`open_file` → `openFile`).
fn join_words(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut raise = false;
    for c in s.chars() {
        if c == '_' {
            raise = !out.is_empty();
        } else if raise {
            out.extend(c.to_uppercase());
            raise = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether `s` is a protobuf identifier (`[A-Za-z_][A-Za-z0-9_]*`).
pub(super) fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}
