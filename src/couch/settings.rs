//! What the person set on Settings → Sync: the database's address, the name they sign in
//! with, and whether sync is on. No password: signing in gives the browser CouchDB's session
//! cookie, which the browser keeps (and Docket cannot read).

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// The database's URL, as typed (checked by [`database`]).
    pub url: String,
    /// The CouchDB user name.
    pub user: String,
    /// Off by default: nothing leaves the browser until the person turns it on.
    pub on: bool,
}

/// A database's address, split: the server (`http://host:5984/`) and the database's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Database {
    pub server: String,
    pub name: String,
}

impl Database {
    /// The URL of something in the database (`_changes`, a document's id), escaped.
    pub fn at(&self, path: &str) -> String {
        format!("{}{}/{}", self.server, escape(&self.name), path)
    }

    /// The server's session endpoint.
    pub fn session(&self) -> String {
        format!("{}_session", self.server)
    }

    /// The origin (scheme, host, port) the CSP's `connect-src` must allow.
    pub fn origin(&self) -> &str {
        self.server.trim_end_matches('/')
    }
}

/// Percent-escapes a path segment (a database name may hold `/`, `+`, `$`…).
pub fn escape(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Reads a database URL as typed: `http(s)://host[:port]/name`, the name as CouchDB allows
/// it (a lowercase letter, then lowercase letters, digits and `_$()+-/`). `Err` says what
/// to type instead.
pub fn database(url: &str) -> Result<Database, String> {
    let url = url.trim();
    let (scheme, rest) = url
        .split_once("://")
        .filter(|(s, _)| *s == "http" || *s == "https")
        .ok_or("Type the database's address beginning with https:// (or http:// on this computer), such as https://couch.example.com/team.")?;
    let (host, name) = rest.split_once('/').ok_or(
        "Add the database's name after the server, such as https://couch.example.com/team.",
    )?;
    let name = name.trim_end_matches('/');
    let host_ok = !host.is_empty()
        && !host.contains('@')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c));
    if !host_ok {
        return Err(format!(
            "“{host}” is not a server's name (a password does not go in the address)."
        ));
    }
    let name_ok = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_$()+-/".contains(c));
    if !name_ok {
        return Err(format!(
            "“{name}” is not a database name: it begins with a lowercase letter, then lowercase letters, digits or _$()+-/."
        ));
    }
    Ok(Database {
        server: format!("{scheme}://{host}/"),
        name: name.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_url_is_checked_and_split() {
        let d = database(" http://127.0.0.1:5984/team-a/ ").unwrap();
        assert_eq!(d.server, "http://127.0.0.1:5984/");
        assert_eq!(d.at("_changes"), "http://127.0.0.1:5984/team-a/_changes");
        assert_eq!(d.session(), "http://127.0.0.1:5984/_session");
        assert_eq!(d.origin(), "http://127.0.0.1:5984");
        assert_eq!(
            database("https://c.example.com/a/b").unwrap().at(""),
            "https://c.example.com/a%2Fb/"
        );
        for bad in [
            "ftp://x/y",
            "https://x",
            "https://x/Team",
            "https://u:p@x/t",
            "x/y",
            "https:///t",
        ] {
            assert!(database(bad).is_err(), "{bad}");
        }
    }
}
