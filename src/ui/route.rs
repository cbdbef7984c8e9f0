//! Navigation in the URL's fragment (`#/projects/<id>`), so a reloaded or shared link opens
//! the same view from any plain static server, at `/` or under a sub-path, with no rewrite
//! rules: the server only ever sees the page itself.

use crate::domain::Id;

/// A place in the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// The list of projects (the start page).
    Projects,
    /// One project's board.
    Board(Id),
    /// The list of checklist templates.
    Operations,
    /// One template: its items and runs.
    Template(Id),
    /// One run of a checklist.
    Run(Id),
}

impl Route {
    /// Parses a location hash (with or without the leading `#`). Unknown paths go home.
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let mut parts = path.split('/').filter(|s| !s.is_empty());
        let id = |s: Option<&str>| s.filter(|s| Id::is_well_formed(s)).map(|s| Id(s.into()));
        match parts.next() {
            Some("projects") => id(parts.next()).map_or(Route::Projects, Route::Board),
            Some("operations") => id(parts.next()).map_or(Route::Operations, Route::Template),
            Some("runs") => id(parts.next()).map_or(Route::Operations, Route::Run),
            _ => Route::Projects,
        }
    }

    /// The hash for this route, to put in an `href`.
    pub fn href(&self) -> String {
        match self {
            Route::Projects => "#/projects".into(),
            Route::Board(id) => format!("#/projects/{id}"),
            Route::Operations => "#/operations".into(),
            Route::Template(id) => format!("#/operations/{id}"),
            Route::Run(id) => format!("#/runs/{id}"),
        }
    }

    /// Which top-level section the route belongs to (for the navigation bar).
    pub fn section(&self) -> Section {
        match self {
            Route::Projects | Route::Board(_) => Section::Projects,
            _ => Section::Operations,
        }
    }
}

/// The two halves of Docket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Projects,
    Operations,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_every_route() {
        let id = Id("abc123".into());
        for r in [
            Route::Projects,
            Route::Board(id.clone()),
            Route::Operations,
            Route::Template(id.clone()),
            Route::Run(id),
        ] {
            assert_eq!(Route::parse(&r.href()), r);
        }
        assert_eq!(Route::parse(""), Route::Projects);
        assert_eq!(Route::parse("#/nowhere/x"), Route::Projects);
        assert_eq!(Route::parse("#/projects/<script>"), Route::Projects);
    }
}
