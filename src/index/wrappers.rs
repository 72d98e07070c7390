//! Wrappers: functions whose parameter flows into a channel (an Electron call, another wrapper, a
//! helper given an Electron object, or a wrapper declared in `ipcls.toml`), through any number of
//! levels.

use rustc_hash::FxHashMap;

use super::resolve::{call_candidates, Resolver};
use super::FnKey;
use crate::base::FileId;
use crate::syntax::ts::{Api, Expr, FileSummary};

/// Where a wrapper's channel parameter goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// Into an Electron call: `summaries[file].sites[site]`.
    Site { file: FileId, site: usize },
    /// Into a call of another wrapper: `summaries[file].calls[call]`.
    Call { file: FileId, call: usize, callee: FnKey },
    /// Into a helper that calls an IPC method on an Electron object it is given:
    /// `summaries[file].calls[call]` passes `api` to `callee`, whose `param_calls[param_call]` listens.
    Helper { file: FileId, call: usize, callee: FnKey, param_call: usize, api: Api },
    /// Into a call of a preload bridge's member (`window.api.invoke(channel, ...args)`):
    /// `summaries[file].bridge_uses[bridge_use]`, the parameter passed as argument `arg`; a site
    /// when that member is generic with its channel at `arg` (known once bridges are).
    Bridge { file: FileId, bridge_use: usize, arg: u32 },
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Wrapper {
    pub(super) targets: Vec<Target>,
    /// The parameter that carries the channel.
    pub(super) channel_param: u32,
}

/// Rounds of finding wrappers of the wrappers found so far: each round adds one level. Real apps
/// have two or three; the bound keeps a cycle of wrappers from looping.
const WRAPPER_ROUNDS: usize = 6;

/// Functions whose parameter flows into a channel, through any number of wrapper levels.
pub(super) fn find_wrappers(r: &Resolver) -> FxHashMap<FnKey, Wrapper> {
    let mut wrappers: FxHashMap<FnKey, Wrapper> = FxHashMap::default();
    for (&file, summary) in r.summaries {
        for (i, site) in summary.sites.iter().enumerate() {
            if let Some((func, index)) = site.channel.first_param() {
                let w = wrappers
                    .entry(FnKey { file, func })
                    .or_insert_with(|| Wrapper { targets: Vec::new(), channel_param: index });
                w.targets.push(Target::Site { file, site: i });
            }
        }
    }
    // Renderer functions that call a bridge member with a parameter (`window.api.invoke(ch)`).
    for (&file, summary) in r.summaries {
        for (i, u) in summary.bridge_uses.iter().enumerate() {
            let Some(args) = &u.args else { continue };
            let Some((arg, (func, index))) =
                args.iter().enumerate().find_map(|(a, e)| e.first_param().map(|p| (a as u32, p)))
            else {
                continue;
            };
            if u.func != Some(func) {
                continue;
            }
            let w = wrappers
                .entry(FnKey { file, func })
                .or_insert_with(|| Wrapper { targets: Vec::new(), channel_param: index });
            if w.channel_param == index {
                w.targets.push(Target::Bridge { file, bridge_use: i, arg });
            }
        }
    }
    // Only calls that pass a parameter on can make their function a wrapper; resolve those once.
    let mut passing: Vec<(FileId, usize, FnKey)> = Vec::new();
    for (&file, summary) in r.summaries {
        for (i, call) in summary.calls.iter().enumerate() {
            if call.args.iter().any(|a| a.first_param().is_some()) {
                for callee in call_candidates(r, file, summary, call) {
                    passing.push((file, i, callee));
                }
            }
        }
    }
    passing.sort();
    // `listen(emitter, signal, fn)` helpers called with an Electron object and a parameter.
    for (&file, summary) in r.summaries {
        for (i, call) in summary.calls.iter().enumerate().filter(|(_, c)| !c.arg_apis.is_empty()) {
            for callee in call_candidates(r, file, summary, call) {
                let Some(cs) = r.summary(callee.file) else { continue };
                for (pi, pc) in cs.param_calls.iter().enumerate().filter(|(_, p)| p.func == callee.func) {
                    let Some(&(_, api)) = call.arg_apis.iter().find(|(a, _)| *a == pc.receiver) else { continue };
                    let Some((cf, cp)) = pc.channel.first_param() else { continue };
                    if cf != callee.func {
                        continue;
                    }
                    let Some((func, index)) = call.args.get(cp as usize).and_then(Expr::first_param) else { continue };
                    let target = Target::Helper { file, call: i, callee, param_call: pi, api };
                    let w = wrappers
                        .entry(FnKey { file, func })
                        .or_insert_with(|| Wrapper { targets: Vec::new(), channel_param: index });
                    if !w.targets.contains(&target) {
                        w.targets.push(target);
                    }
                }
            }
        }
    }
    for _ in 0..WRAPPER_ROUNDS {
        let mut added = false;
        for &(file, i, callee) in &passing {
            {
                let Some(summary) = r.summary(file) else { continue };
                let call = &summary.calls[i];
                let Some(w) = wrappers.get(&callee) else { continue };
                let Some(arg) = call.args.get(w.channel_param as usize) else { continue };
                let Some((func, index)) = arg.first_param() else { continue };
                let target = Target::Call { file, call: i, callee };
                let entry = wrappers
                    .entry(FnKey { file, func })
                    .or_insert_with(|| Wrapper { targets: Vec::new(), channel_param: index });
                if !entry.targets.contains(&target) {
                    entry.targets.push(target);
                    added = true;
                }
            }
        }
        if !added {
            break;
        }
    }
    wrappers
}

/// The positions of a file's sites and calls that wrapper targets point at: wrappers are found
/// again when these move.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct WrapperPositions {
    pub(super) sites: Vec<usize>,
    pub(super) calls: Vec<usize>,
}

pub(super) fn wrapper_positions(s: &FileSummary) -> WrapperPositions {
    WrapperPositions {
        sites: s.param_sites().map(|(i, _)| i).collect(),
        calls: s.passing_calls().map(|(i, _)| i).collect(),
    }
}
