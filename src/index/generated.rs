//! User code of generated bindings (`ipcls generate`): calls of the typed client
//! (`ipc.dialog.openFile(…)` with `ipc` imported from a generated `renderer.ts`) and the members of
//! the object passed to `registerDialogService({ openFile() {…} })` (imported from a generated
//! `main.ts`) are sites of the rpcs' channels, and so are calls of its `sendXEvent` functions. Generated files are known by their first line.

use super::processes::Processes;
use super::resolve::Resolver;
use super::{BridgeRef, ChannelRef, Process, Site, Written};
use crate::base::{FileId, FileRange, TextRange};
use crate::syntax::bindings::{self, Role};
use crate::syntax::proto::{channel_for, service_camel, Contract};
use crate::syntax::ts::{Api, Callee, Imported, Kind};

/// The name the generated `renderer.ts` exports its client as.
pub(super) const CLIENT_EXPORT: &str = "ipc";

/// Words that make a file worth parsing when the workspace has generated bindings: the names
/// user code imports from them.
pub(super) fn prefilter_words(contract: &Contract) -> Vec<String> {
    let mut words: Vec<String> = contract.services.iter().map(bindings::register_function).collect();
    for s in &contract.services {
        for m in s.methods.iter().filter(|m| m.server_streaming) {
            words.push(bindings::send_function(s, m));
        }
    }
    words.push(format!("{CLIENT_EXPORT}."));
    words
}

/// Sites in user code of generated bindings, and the process of each generated file.
pub(super) struct GeneratedSites<'a> {
    pub(super) r: &'a Resolver<'a>,
    pub(super) contract: &'a Contract,
    pub(super) template: &'a str,
    pub(super) key: &'a str,
    pub(super) processes: &'a Processes,
}

impl GeneratedSites<'_> {
    /// The role of the generated file that `source`, imported by `file`, names.
    fn imported_role(&self, file: FileId, source: &str) -> Option<(FileId, Role)> {
        let target = self.r.import_target(file, source)?;
        Some((target, bindings::role_of(self.r.vfs.text(target)?)?))
    }

    pub(super) fn sites(&self, files: &[FileId]) -> Vec<Site> {
        let mut out = Vec::new();
        for &file in files {
            let Some(summary) = self.r.summary(file) else { continue };
            if bindings::role_of(self.r.vfs.text(file).map_or("", |t| t)).is_some() {
                continue;
            }
            // The names imported from generated files (few files import any: their calls are
            // not looked at).
            let from_generated: Vec<(usize, &String, FileId, Role)> = summary
                .imports
                .iter()
                .enumerate()
                .filter_map(|(n, i)| {
                    let Imported::Named(imported) = &i.imported else { return None };
                    let (generated, role) = self.imported_role(file, &i.source)?;
                    Some((n, imported, generated, role))
                })
                .collect();
            if from_generated.is_empty() {
                continue;
            }
            let process = self.processes.file(file);
            for call in &summary.calls {
                let root = match &call.callee {
                    Callee::Ident(name) => name,
                    Callee::Member { object, .. } => match object.first() {
                        Some(root) => root,
                        None => continue,
                    },
                };
                // The first import of the name, as the module system binds it.
                let Some(n) = summary.imports.iter().position(|i| &i.local == root) else { continue };
                let Some(&(_, imported, generated, role)) = from_generated.iter().find(|(m, ..)| *m == n) else {
                    continue;
                };
                match (role, &call.callee) {
                    (Role::Renderer, Callee::Member { object, method }) if imported == CLIENT_EXPORT => {
                        let [_, service_member] = object.as_slice() else { continue };
                        self.client_call(file, process, service_member, method, call.name_range, &mut out);
                    }
                    (Role::Main, Callee::Ident(_)) if imported.starts_with("send") => {
                        let found = self.contract.services.iter().find_map(|s| {
                            let rpc = s.methods.iter().find(|m| {
                                m.server_streaming && !m.client_streaming && &bindings::send_function(s, m) == imported
                            })?;
                            Some((s, rpc))
                        });
                        let Some((service, rpc)) = found else { continue };
                        out.push(site(
                            channel_for(self.template, service, rpc),
                            Kind::Push,
                            Api::WebContents,
                            "send",
                            process,
                            file,
                            call.name_range,
                            Written::Wrapper,
                            None,
                            Some(FileRange { file: generated, range: TextRange::default() }),
                        ));
                    }
                    (Role::Main, Callee::Ident(_)) => {
                        let Some(service) =
                            self.contract.services.iter().find(|s| &bindings::register_function(s) == imported)
                        else {
                            continue;
                        };
                        for (member, range) in &call.object_members {
                            let Some(rpc) = service.methods.iter().find(|m| {
                                !m.server_streaming && !m.client_streaming && &bindings::impl_member(m) == member
                            }) else {
                                continue;
                            };
                            out.push(site(
                                channel_for(self.template, service, rpc),
                                Kind::Handle,
                                Api::IpcMain,
                                member,
                                process,
                                file,
                                *range,
                                Written::Wrapper,
                                None,
                                Some(FileRange { file: generated, range: TextRange::default() }),
                            ));
                        }
                    }
                    _ => {}
                }
            }
        }
        out
    }

    fn client_call(
        &self,
        file: FileId,
        process: Process,
        service_member: &str,
        method: &str,
        range: TextRange,
        out: &mut Vec<Site>,
    ) {
        let Some(service) = self.contract.services.iter().find(|s| service_camel(&s.name) == service_member) else {
            return;
        };
        let Some(rpc) = service.methods.iter().find(|m| !m.client_streaming && bindings::client_member(m) == method)
        else {
            return;
        };
        let kind = if rpc.server_streaming { Kind::Listen } else { Kind::Invoke };
        out.push(site(
            channel_for(self.template, service, rpc),
            kind,
            Api::IpcRenderer,
            method,
            process,
            file,
            range,
            Written::Bridge,
            Some(BridgeRef { key: self.key.to_string(), path: vec![service_member.to_string(), method.to_string()] }),
            None,
        ));
    }
}

#[allow(clippy::too_many_arguments)]
fn site(
    channel: String,
    kind: Kind,
    api: Api,
    method: &str,
    process: Process,
    file: FileId,
    range: TextRange,
    written: Written,
    bridge: Option<BridgeRef>,
    via: Option<FileRange>,
) -> Site {
    Site {
        written,
        bridge,
        via,
        derived: true,
        ..Site::new(ChannelRef::Known(channel), file, range, kind, api, method, process)
    }
}

/// The process of a generated file, from its role.
pub(super) fn process_of_role(role: Role) -> Option<Process> {
    match role {
        Role::Main => Some(Process::Main),
        Role::Preload => Some(Process::Preload),
        Role::Renderer => Some(Process::Renderer),
        Role::Types => None,
    }
}
