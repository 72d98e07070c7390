//! TypeScript bindings from the contract: `ipcls generate` (pure: a [`Contract`] in, files out).
//!
//! Four files, all formatted the same way on every run (byte for byte):
//! - `types.ts`: an interface per message in protobuf's JSON mapping, enums as string unions, the
//!   well-known types, the reply envelope [`IpcResult`] and the `IpcError` class, and the shape of
//!   the bridge the preload exposes (`IpcBridge`);
//! - `main.ts`: `registerXService(impl, options?)` per service: one `ipcMain.handle` per unary rpc
//!   on its template channel, each reply wrapped in the envelope, optional run-time validation of
//!   requests, a disposer; and `sendXEvent(target, payload)` per server-streaming rpc;
//! - `preload.ts`: the bridge object (`ipcRenderer.invoke`/`on` with literal channels) and
//!   `exposeIpc()`; it imports nothing at run time but `electron`;
//! - `renderer.ts`: the typed client `ipc.<service>.<rpc>(request)`, which unwraps the envelope and
//!   throws `IpcError` with the handler's code, and the `Window` declaration.
//!
//! Every file starts with [`HEADER`] and its [`Role`], so the index knows generated code when it
//! sees it. Nothing here knows the disk, LSP or the terminal.
//!
//! [`IpcResult`]: the `{ ok: true, value } | { ok: false, error: { code, message } }` envelope.

mod emit;
mod types;

pub use crate::syntax::bindings::{
    client_member, impl_member, register_function, role_of, send_function, Role, HEADER,
};
use crate::syntax::proto::{service_camel, Contract, Rpc, Service};

/// How to generate.
#[derive(Clone, Copy, Debug)]
pub struct Options<'a> {
    /// The naming template of channels (`{service}:{method}`).
    pub template: &'a str,
    /// The `window` key of the bridge (`ipc`).
    pub key: &'a str,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedFile {
    pub role: Role,
    pub text: String,
}

/// The generated files, in [`Role::ALL`] order, and what was left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Generated {
    pub files: Vec<GeneratedFile>,
    /// Rpcs that have no IPC shape (client or bidirectional streaming), skipped.
    pub notes: Vec<String>,
}

/// An rpc and what it becomes.
#[derive(Clone, Debug)]
struct Method<'c> {
    rpc: &'c Rpc,
    channel: String,
    /// `openFile` for invokes, `onProgress` for events.
    member: String,
    event: bool,
}

#[derive(Clone, Debug)]
struct ServiceModel<'c> {
    service: &'c Service,
    /// `dialog` for `DialogService`: the member of the bridge and of the client.
    member: String,
    /// `Dialog`: used in function names (`registerDialogService`, `sendDialogProgress`).
    upper: String,
    methods: Vec<Method<'c>>,
}

/// Generates the bindings, or says why not (contract errors, unresolved types, name clashes).
pub fn generate(contract: &Contract, options: &Options) -> Result<Generated, Vec<String>> {
    let mut problems: Vec<String> = contract.errors.iter().map(|e| format!("{}: {}", e.file, e.message)).collect();
    for file in &contract.files {
        if file.parsed && !file.linked {
            problems.push(format!("{}: the file does not link, so its types are unknown", file.path));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let names = types::Names::new(contract)?;
    let mut notes = Vec::new();
    let mut services: Vec<ServiceModel> = Vec::new();
    let mut ordered: Vec<&Service> = contract.services.iter().collect();
    ordered.sort_by(|a, b| (&a.file, a.range.start).cmp(&(&b.file, b.range.start)));
    for service in ordered {
        let member = service_camel(&service.name);
        if let Some(other) = services.iter().find(|s| s.member == member) {
            problems.push(format!(
                "services {} and {} both become `{member}` in the bindings",
                other.service.full_name, service.full_name
            ));
            continue;
        }
        let mut methods: Vec<Method> = Vec::new();
        for rpc in &service.methods {
            if rpc.client_streaming {
                notes.push(format!(
                    "{}.{} is skipped: client-streaming rpcs have no Electron IPC shape",
                    service.name, rpc.name
                ));
                continue;
            }
            let m = Method {
                rpc,
                channel: crate::syntax::proto::channel_for(options.template, service, rpc),
                member: client_member(rpc),
                event: rpc.server_streaming,
            };
            if methods.iter().any(|o| o.member == m.member) {
                problems.push(format!("{}: two rpcs become `{}`", service.name, m.member));
                continue;
            }
            for t in [&rpc.input_type, &rpc.output_type] {
                if let Err(e) = names.ts_type(t) {
                    problems.push(format!("{}.{}: {e}", service.name, rpc.name));
                }
            }
            methods.push(m);
        }
        services.push(ServiceModel { service, upper: crate::syntax::proto::upper_camel(&member), member, methods });
    }
    let mut channels: Vec<&str> = services.iter().flat_map(|s| s.methods.iter().map(|m| m.channel.as_str())).collect();
    channels.sort_unstable();
    for pair in channels.windows(2) {
        if pair[0] == pair[1] {
            problems.push(format!("two rpcs use the channel '{}'", pair[0]));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let sources: Vec<&str> = {
        let mut s: Vec<&str> = contract.files.iter().map(|f| f.path.as_str()).collect();
        s.sort_unstable();
        s.dedup();
        s
    };
    let cx = emit::Context { names: &names, services: &services, key: options.key, sources: &sources };
    let files = Role::ALL.into_iter().map(|role| GeneratedFile { role, text: emit::file(&cx, role) }).collect();
    Ok(Generated { files, notes })
}

#[cfg(test)]
mod tests;
