//! The Electron API, as one table: which methods of which objects are IPC (with their kind and
//! channel argument), which modules and names bind those objects, and the methods
//! `@electron-toolkit/preload` re-exposes. The walker and the index read it from here only.

use super::summary::{Api, Imported, Kind};

/// What a name is bound to, as far as IPC is concerned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Recv {
    /// The `electron` module itself.
    Electron,
    Api(Api),
    ContextBridge,
    /// A method taken off an Electron object: `const { invoke } = ipcRenderer`.
    Method(Api, String),
    /// `@electron-toolkit/typed-ipc`: `IpcListener` / `IpcEmitter` instances, main or renderer side.
    TypedListener {
        main: bool,
    },
    TypedEmitter {
        main: bool,
    },
    /// The classes themselves, before `new`.
    TypedListenerClass {
        main: bool,
    },
    TypedEmitterClass {
        main: bool,
    },
    /// `electronAPI` from `@electron-toolkit/preload`.
    ToolkitApi,
    /// The event of an `ipcRenderer.on` listener: its `sender` is `ipcRenderer`.
    RendererEvent,
}

/// What an IPC method does, on which object, where its channel argument is, and whether the
/// listener runs once.
#[derive(Clone, Copy, Debug)]
pub(super) struct MethodSpec {
    pub(super) kind: Kind,
    pub(super) api: Api,
    pub(super) channel_arg: usize,
    pub(super) once: bool,
}

/// The kind of `method` called on `api`, where its channel argument is, and whether it is `once`.
pub fn api_method(api: Api, method: &str, argc: usize) -> Option<(Kind, usize, bool)> {
    method_spec(&Recv::Api(api), method, argc).map(|s| (s.kind, s.channel_arg, s.once))
}

/// Which methods of which Electron objects are IPC, and where their channel is.
pub(super) fn method_spec(recv: &Recv, method: &str, argc: usize) -> Option<MethodSpec> {
    let spec = |kind, api, channel_arg, once| Some(MethodSpec { kind, api, channel_arg, once });
    match recv {
        Recv::Api(api @ (Api::IpcMain | Api::ScopedIpc)) => match method {
            "handle" => spec(Kind::Handle, *api, 0, false),
            "handleOnce" => spec(Kind::Handle, *api, 0, true),
            "on" | "addListener" | "prependListener" => spec(Kind::On, *api, 0, false),
            "once" | "prependOnceListener" => spec(Kind::On, *api, 0, true),
            "removeHandler" | "removeListener" | "off" | "removeAllListeners" => spec(Kind::Remove, *api, 0, false),
            "emit" if *api == Api::IpcMain => spec(Kind::Emit, *api, 0, false),
            // electron-better-ipc
            "answerRenderer" => spec(Kind::Handle, *api, usize::from(argc >= 3), false),
            "callRenderer" => spec(Kind::Push, *api, 1, false),
            "callFocusedRenderer" => spec(Kind::Push, *api, 0, false),
            _ => None,
        },
        Recv::Api(Api::IpcRenderer) => {
            let api = Api::IpcRenderer;
            match method {
                "invoke" | "callMain" => spec(Kind::Invoke, api, 0, false),
                "send" | "postMessage" => spec(Kind::Send, api, 0, false),
                "sendSync" => spec(Kind::SendSync, api, 0, false),
                "sendToHost" => spec(Kind::Host, api, 0, false),
                "sendTo" => spec(Kind::Push, api, 1, false),
                "on" | "addListener" | "prependListener" | "answerMain" => spec(Kind::Listen, api, 0, false),
                "once" | "prependOnceListener" => spec(Kind::Listen, api, 0, true),
                "removeListener" | "off" | "removeAllListeners" => spec(Kind::Remove, api, 0, false),
                "emit" => spec(Kind::Emit, api, 0, false),
                _ => None,
            }
        }
        Recv::Api(api @ (Api::WebContents | Api::WebFrameMain)) => match method {
            "send" | "postMessage" => spec(Kind::Push, *api, 0, false),
            "sendToFrame" if *api == Api::WebContents => spec(Kind::Push, *api, 1, false),
            _ => None,
        },
        Recv::Api(Api::Event) => match method {
            "reply" => spec(Kind::Push, Api::Event, 0, false),
            _ => None,
        },
        Recv::Api(Api::Webview) => match method {
            "send" => spec(Kind::Guest, Api::Webview, 0, false),
            _ => None,
        },
        Recv::TypedListener { main: true } => match method {
            "handle" => spec(Kind::Handle, Api::Library, 0, false),
            "on" => spec(Kind::On, Api::Library, 0, false),
            _ => None,
        },
        Recv::TypedListener { main: false } => match method {
            "on" => spec(Kind::Listen, Api::Library, 0, false),
            _ => None,
        },
        Recv::TypedEmitter { main: true } => match method {
            "send" => spec(Kind::Push, Api::Library, 1, false),
            _ => None,
        },
        Recv::TypedEmitter { main: false } => match method {
            "invoke" => spec(Kind::Invoke, Api::Library, 0, false),
            "send" => spec(Kind::Send, Api::Library, 0, false),
            _ => None,
        },
        _ => None,
    }
}

/// Electron exports only the main process has: importing one tells the file's process.
pub(super) const MAIN_ONLY_APIS: &[&str] = &[
    "ipcMain",
    "BrowserWindow",
    "app",
    "dialog",
    "Menu",
    "MenuItem",
    "Tray",
    "webContents",
    "session",
    "protocol",
    "globalShortcut",
    "nativeTheme",
    "autoUpdater",
    "utilityProcess",
    "MessageChannelMain",
    "webFrameMain",
    "BrowserView",
    "WebContentsView",
    "BaseWindow",
    "powerMonitor",
    "screen",
    "systemPreferences",
];

/// `electron` and its entry points, and modules that re-export it (`@theia/electron/shared/electron`).
pub(super) fn is_electron_module(source: &str) -> bool {
    matches!(source, "electron" | "electron/main" | "electron/renderer" | "electron/common" | "electron/utility")
        || (source.ends_with("/electron") && !source.starts_with('.'))
}

/// What importing `imported` from `source` binds.
pub(super) fn module_recv(source: &str, imported: &Imported) -> Option<Recv> {
    if is_electron_module(source) {
        return match imported {
            Imported::Namespace | Imported::Default => Some(Recv::Electron),
            Imported::Named(n) => match n.as_str() {
                "ipcMain" => Some(Recv::Api(Api::IpcMain)),
                "ipcRenderer" => Some(Recv::Api(Api::IpcRenderer)),
                "contextBridge" => Some(Recv::ContextBridge),
                _ => None,
            },
        };
    }
    match (source, imported) {
        ("electron-better-ipc", Imported::Named(n)) => match n.as_str() {
            "ipcMain" => Some(Recv::Api(Api::IpcMain)),
            "ipcRenderer" => Some(Recv::Api(Api::IpcRenderer)),
            _ => None,
        },
        ("@electron-toolkit/preload", Imported::Named(n)) if n == "electronAPI" => Some(Recv::ToolkitApi),
        (s, Imported::Named(n)) if s.starts_with("@electron-toolkit/typed-ipc") => {
            let main = s.ends_with("/main");
            match n.as_str() {
                "IpcListener" => Some(Recv::TypedListenerClass { main }),
                "IpcEmitter" => Some(Recv::TypedEmitterClass { main }),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Receivers recognised from a type annotation: `(wc: WebContents)`, `(e: IpcMainEvent)`.
pub fn typed_recv(ty: &str) -> Option<Api> {
    let ty = ty.trim_start_matches(':').trim();
    let ty = ty.strip_prefix("Electron.").unwrap_or(ty);
    match ty {
        "IpcMainEvent" | "IpcMainInvokeEvent" | "IpcMainServiceWorkerEvent" => Some(Api::Event),
        "WebContents" => Some(Api::WebContents),
        "WebFrameMain" | "ServiceWorkerMain" => Some(Api::WebFrameMain),
        "WebviewTag" => Some(Api::Webview),
        "IpcMain" => Some(Api::IpcMain),
        "IpcRenderer" => Some(Api::IpcRenderer),
        _ => None,
    }
}

/// Receivers recognised by a telling name when nothing binds it (`wc.send`, `webview.send`).
pub(super) fn name_shaped_recv(name: &str) -> Option<Recv> {
    let lower = name.to_ascii_lowercase();
    if lower == "wc" || lower == "contents" || lower.ends_with("webcontents") {
        return Some(Recv::Api(Api::WebContents));
    }
    if lower == "webview" || lower.ends_with("webview") || lower == "webviewtag" {
        return Some(Recv::Api(Api::Webview));
    }
    None
}

/// Whether a name reads as an event (`e`, `event`, `evt`): its `sender` is a `WebContents`.
pub(super) fn is_event_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == "e" || lower.contains("event") || lower.contains("evt")
}

/// Unbound names that only Electron uses (globals with `nodeIntegration`, or declared).
pub(super) fn global_recv(name: &str) -> Option<Recv> {
    match name {
        "ipcMain" => Some(Recv::Api(Api::IpcMain)),
        "ipcRenderer" => Some(Recv::Api(Api::IpcRenderer)),
        "contextBridge" => Some(Recv::ContextBridge),
        _ => name_shaped_recv(name),
    }
}

/// The objects that static methods of Electron's modules return (`webContents.fromId(id)`).
pub(super) fn static_call_recv(object: &str, method: &str) -> Option<Recv> {
    match (object, method) {
        ("webContents", "fromId" | "fromFrame" | "fromDevToolsTargetId" | "getFocusedWebContents") => {
            Some(Recv::Api(Api::WebContents))
        }
        ("webFrameMain", "fromId" | "fromFrameToken") => Some(Recv::Api(Api::WebFrameMain)),
        // `ses.serviceWorkers.getWorkerFromVersionID(id)`: a `ServiceWorkerMain`, whose `send` and
        // scoped `ipc` are those of a frame.
        (o, "getWorkerFromVersionID" | "getWorkerFromVersionIDIfExists") if o.ends_with("serviceWorkers") => {
            Some(Recv::Api(Api::WebFrameMain))
        }
        _ => None,
    }
}

/// The methods of `ipcRenderer` that `@electron-toolkit/preload`'s `electronAPI.ipcRenderer`
/// exposes, in the toolkit's order.
const TOOLKIT_METHODS: &[&str] = &[
    "invoke",
    "send",
    "sendSync",
    "sendTo",
    "sendToHost",
    "postMessage",
    "on",
    "once",
    "removeListener",
    "removeAllListeners",
];

/// The method names of `electronAPI.ipcRenderer` (`@electron-toolkit/preload`), in the toolkit's order.
pub fn toolkit_methods() -> impl Iterator<Item = &'static str> {
    TOOLKIT_METHODS.iter().copied()
}

/// The kind of `electronAPI.ipcRenderer.<method>` (`@electron-toolkit/preload`): that of the
/// `ipcRenderer` method it forwards to; `None` for a name the toolkit does not expose.
pub fn toolkit_method_kind(method: &str) -> Option<Kind> {
    if !TOOLKIT_METHODS.contains(&method) {
        return None;
    }
    // The toolkit's methods take the channel first; none of their kinds depends on the count.
    method_spec(&Recv::Api(Api::IpcRenderer), method, 1).map(|s| s.kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toolkit_methods_have_the_kinds_of_ipc_renderer() {
        let kinds: Vec<(&str, Option<Kind>)> = toolkit_methods().map(|m| (m, toolkit_method_kind(m))).collect();
        let want = [
            ("invoke", Kind::Invoke),
            ("send", Kind::Send),
            ("sendSync", Kind::SendSync),
            ("sendTo", Kind::Push),
            ("sendToHost", Kind::Host),
            ("postMessage", Kind::Send),
            ("on", Kind::Listen),
            ("once", Kind::Listen),
            ("removeListener", Kind::Remove),
            ("removeAllListeners", Kind::Remove),
        ];
        assert_eq!(kinds, want.iter().map(|&(m, k)| (m, Some(k))).collect::<Vec<_>>());
        assert_eq!(toolkit_method_kind("handle"), None);
        assert_eq!(toolkit_method_kind("emit"), None);
    }
}
