//! The database's HTTP API through the browser's `fetch`: JSON both ways, the CouchDB
//! session cookie sent along (`credentials: include`), and a long poll that a local change
//! can cut short.

use crate::couch::round::Server;
use crate::couch::SyncError;
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, Headers, Request, RequestCredentials, RequestInit, RequestMode, Response,
};

thread_local! {
    /// The long poll in flight, to cut short when something changes here.
    static POLL: RefCell<Option<AbortController>> = const { RefCell::new(None) };
}

/// Cuts the long poll in flight short (its request ends as if offline; the loop knows why).
pub fn cut_poll() {
    if let Some(c) = POLL.with(|p| p.borrow_mut().take()) {
        c.abort();
    }
}

/// Sends one request; the body of a 2xx answer, or why not.
pub async fn send(method: &str, url: &str, body: Option<&str>) -> Result<String, SyncError> {
    let offline = |_| SyncError::Offline;
    let init = RequestInit::new();
    init.set_method(method);
    init.set_mode(RequestMode::Cors);
    init.set_credentials(RequestCredentials::Include);
    let headers = Headers::new().map_err(offline)?;
    headers.set("Accept", "application/json").map_err(offline)?;
    if let Some(b) = body {
        headers
            .set("Content-Type", "application/json")
            .map_err(offline)?;
        init.set_body(&b.into());
    }
    init.set_headers(&headers);
    if url.contains("feed=longpoll") {
        let c = AbortController::new().map_err(offline)?;
        init.set_signal(Some(&c.signal()));
        POLL.with(|p| *p.borrow_mut() = Some(c));
    }
    let request = Request::new_with_str_and_init(url, &init).map_err(offline)?;
    let answer = JsFuture::from(
        web_sys::window()
            .ok_or(SyncError::Offline)?
            .fetch_with_request(&request),
    )
    .await;
    if url.contains("feed=longpoll") {
        POLL.with(|p| p.borrow_mut().take());
    }
    let response: Response = answer.map_err(offline)?.dyn_into().map_err(offline)?;
    let text = JsFuture::from(response.text().map_err(offline)?)
        .await
        .map_err(offline)?
        .as_string()
        .unwrap_or_default();
    let reason = || {
        #[derive(serde::Deserialize)]
        struct Refusal {
            #[serde(default)]
            reason: String,
        }
        serde_json::from_str::<Refusal>(&text)
            .map(|r| r.reason)
            .unwrap_or_default()
    };
    match response.status() {
        200..=299 => Ok(text),
        401 => Err(SyncError::Refused(
            "your sign-in has ended or was not accepted: sign in again.".into(),
        )),
        403 => Err(SyncError::Refused(format!(
            "you are not allowed to use this database ({}): ask whoever manages it to add you as a member.",
            reason()
        ))),
        404 => Err(SyncError::Refused(
            "there is no such database on that server: check the address, or ask whoever manages it to create it.".into(),
        )),
        s => Err(SyncError::Server(format!("HTTP {s} {}", reason()))),
    }
}

/// [`Server`] over `fetch`.
pub struct Fetch;

impl Server for Fetch {
    async fn get(&mut self, url: &str) -> Result<String, SyncError> {
        send("GET", url, None).await
    }
    async fn post(&mut self, url: &str, json: &str) -> Result<String, SyncError> {
        send("POST", url, Some(json)).await
    }
}
