//! Navigation in the URL's fragment (`#/projects/<id>`), so a reloaded or shared link opens
//! the same view from any plain static server, at `/` or under a sub-path, with no rewrite
//! rules: the server only ever sees the page itself.

use crate::domain::Id;

/// A place in the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// The start page (no hash): the portfolio once there is data, else the projects.
    Home,
    /// Every project with its health, and operations' week.
    Portfolio,
    /// People × weeks.
    Workload,
    /// Month, week and agenda of what is due.
    Calendar,
    /// The list of projects.
    Projects,
    /// One project, on one of its tabs (the board by default).
    Project(Id, ProjectTab),
    /// A card: its project's board with the card's dialog open.
    Card(Id, Id),
    /// The people directory.
    People,
    /// The list of checklist templates.
    Operations,
    /// One template, on one of its tabs (items by default).
    Template(Id, TemplateTab),
    /// What is due today, overdue and coming up, across all checklists.
    Today,
    /// The occurrences assigned to the person using Docket, and what was escalated to them.
    MyDay,
    /// Analytics across all checklists.
    OpsOverview,
    /// One run of a checklist.
    Run(Id),
    /// The sites and their assets.
    Sites,
    /// One asset: its details and history.
    Asset(Id),
    /// The stock list and the purchase list.
    Stock,
    /// The operating budget against spend.
    Spend,
    /// Policies and their reviews.
    Policies,
    /// Import and export of files.
    Exchange,
    /// Settings: storage use (and, later, the theme).
    Settings,
}

impl Route {
    /// Parses a location hash (with or without the leading `#`). Unknown paths go home.
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let mut parts = path.split('/').filter(|s| !s.is_empty());
        let id = |s: Option<&str>| s.filter(|s| Id::is_well_formed(s)).map(|s| Id(s.into()));
        match parts.next() {
            None => Route::Home,
            Some("portfolio") => Route::Portfolio,
            Some("workload") => Route::Workload,
            Some("calendar") => Route::Calendar,
            Some("projects") => match id(parts.next()) {
                None => Route::Projects,
                Some(pid) => match parts.next() {
                    Some("cards") => match id(parts.next()) {
                        Some(card) => Route::Card(pid, card),
                        None => Route::Project(pid, ProjectTab::Board),
                    },
                    tab => Route::Project(pid, ProjectTab::parse(tab.unwrap_or(""))),
                },
            },
            Some("operations") => match id(parts.next()) {
                None => Route::Operations,
                Some(tid) => Route::Template(tid, TemplateTab::parse(parts.next().unwrap_or(""))),
            },
            Some("today") => Route::Today,
            Some("my-day") => Route::MyDay,
            Some("analytics") => Route::OpsOverview,
            Some("people") => Route::People,
            Some("exchange") => Route::Exchange,
            Some("settings") => Route::Settings,
            Some("runs") => id(parts.next()).map_or(Route::Operations, Route::Run),
            Some("sites") => Route::Sites,
            Some("assets") => id(parts.next()).map_or(Route::Sites, Route::Asset),
            Some("stock") => Route::Stock,
            Some("spend") => Route::Spend,
            Some("policies") => Route::Policies,
            _ => Route::Projects,
        }
    }

    /// The hash for this route, to put in an `href`.
    pub fn href(&self) -> String {
        match self {
            Route::Home => "#/".into(),
            Route::Portfolio => "#/portfolio".into(),
            Route::Workload => "#/workload".into(),
            Route::Calendar => "#/calendar".into(),
            Route::Projects => "#/projects".into(),
            Route::Project(id, ProjectTab::Board) => format!("#/projects/{id}"),
            Route::Project(id, tab) => format!("#/projects/{id}/{}", tab.key()),
            Route::Card(id, card) => format!("#/projects/{id}/cards/{card}"),
            Route::People => "#/people".into(),
            Route::Operations => "#/operations".into(),
            Route::Template(id, TemplateTab::Items) => format!("#/operations/{id}"),
            Route::Template(id, tab) => format!("#/operations/{id}/{}", tab.key()),
            Route::Today => "#/today".into(),
            Route::MyDay => "#/my-day".into(),
            Route::OpsOverview => "#/analytics".into(),
            Route::Run(id) => format!("#/runs/{id}"),
            Route::Sites => "#/sites".into(),
            Route::Asset(id) => format!("#/assets/{id}"),
            Route::Stock => "#/stock".into(),
            Route::Spend => "#/spend".into(),
            Route::Policies => "#/policies".into(),
            Route::Exchange => "#/exchange".into(),
            Route::Settings => "#/settings".into(),
        }
    }

    /// Which top-level section the route belongs to (for the navigation bar).
    pub fn section(&self) -> Section {
        match self {
            Route::Home | Route::Portfolio | Route::Workload | Route::Calendar => Section::Overview,
            Route::Projects | Route::Project(..) | Route::Card(..) => Section::Projects,
            Route::People => Section::People,
            Route::Exchange => Section::Exchange,
            Route::Settings => Section::Settings,
            _ => Section::Operations,
        }
    }
}

/// The tabs of a project.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProjectTab {
    Board,
    /// The board's cards as rows.
    Table,
    Charter,
    Timeline,
    Risks,
    Progress,
    Report,
    /// What changed, when and by whom.
    Activity,
    Trash,
}

impl ProjectTab {
    /// Every tab, in the order shown.
    pub const ALL: [ProjectTab; 9] = [
        ProjectTab::Board,
        ProjectTab::Table,
        ProjectTab::Charter,
        ProjectTab::Timeline,
        ProjectTab::Risks,
        ProjectTab::Progress,
        ProjectTab::Report,
        ProjectTab::Activity,
        ProjectTab::Trash,
    ];

    /// The URL segment.
    pub fn key(self) -> &'static str {
        match self {
            ProjectTab::Board => "board",
            ProjectTab::Table => "table",
            ProjectTab::Charter => "charter",
            ProjectTab::Timeline => "timeline",
            ProjectTab::Risks => "risks",
            ProjectTab::Progress => "progress",
            ProjectTab::Report => "report",
            ProjectTab::Activity => "activity",
            ProjectTab::Trash => "trash",
        }
    }

    /// The tab's name.
    pub fn label(self) -> &'static str {
        match self {
            ProjectTab::Board => "Board",
            ProjectTab::Table => "Table",
            ProjectTab::Charter => "Charter",
            ProjectTab::Timeline => "Timeline",
            ProjectTab::Risks => "Risks",
            ProjectTab::Progress => "Progress",
            ProjectTab::Report => "Report",
            ProjectTab::Activity => "Activity",
            ProjectTab::Trash => "Trash",
        }
    }

    /// Parses a URL segment (unknown ones open the board).
    pub fn parse(s: &str) -> ProjectTab {
        Self::ALL
            .into_iter()
            .find(|t| t.key() == s)
            .unwrap_or(ProjectTab::Board)
    }
}

/// The tabs of a checklist template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TemplateTab {
    /// Sections and items (the editor).
    Items,
    /// Run history with filters, and CSV export.
    Runs,
    Analytics,
    /// Version history.
    Versions,
}

impl TemplateTab {
    /// Every tab, in the order shown.
    pub const ALL: [TemplateTab; 4] = [
        TemplateTab::Items,
        TemplateTab::Runs,
        TemplateTab::Analytics,
        TemplateTab::Versions,
    ];

    /// The URL segment.
    pub fn key(self) -> &'static str {
        match self {
            TemplateTab::Items => "items",
            TemplateTab::Runs => "runs",
            TemplateTab::Analytics => "analytics",
            TemplateTab::Versions => "versions",
        }
    }

    /// The tab's name.
    pub fn label(self) -> &'static str {
        match self {
            TemplateTab::Items => "Items",
            TemplateTab::Runs => "Run history",
            TemplateTab::Analytics => "Analytics",
            TemplateTab::Versions => "Versions",
        }
    }

    /// Parses a URL segment (unknown ones open the items).
    pub fn parse(s: &str) -> TemplateTab {
        Self::ALL
            .into_iter()
            .find(|t| t.key() == s)
            .unwrap_or(TemplateTab::Items)
    }
}

/// The two halves of Docket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    /// Portfolio, workload and calendar: across projects and checklists.
    Overview,
    Projects,
    Operations,
    /// The people directory (shared by every project: a section of its own).
    People,
    /// Import and export.
    Exchange,
    /// Settings.
    Settings,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_route_is_in_one_section_of_the_navigation() {
        let id = Id("abc123".into());
        assert_eq!(Route::People.section(), Section::People);
        assert_eq!(Route::Projects.section(), Section::Projects);
        assert_eq!(
            Route::Project(id, ProjectTab::Board).section(),
            Section::Projects
        );
    }

    #[test]
    fn parses_and_prints_every_route() {
        let id = Id("abc123".into());
        for r in [
            Route::Home,
            Route::Portfolio,
            Route::Workload,
            Route::Calendar,
            Route::Projects,
            Route::Project(id.clone(), ProjectTab::Board),
            Route::Project(id.clone(), ProjectTab::Timeline),
            Route::Project(id.clone(), ProjectTab::Table),
            Route::Card(id.clone(), Id("card42".into())),
            Route::Operations,
            Route::People,
            Route::Template(id.clone(), TemplateTab::Items),
            Route::Template(id.clone(), TemplateTab::Analytics),
            Route::Today,
            Route::MyDay,
            Route::OpsOverview,
            Route::Run(id.clone()),
            Route::Sites,
            Route::Asset(id),
            Route::Stock,
            Route::Spend,
            Route::Policies,
            Route::Exchange,
            Route::Settings,
        ] {
            assert_eq!(Route::parse(&r.href()), r);
        }
        assert_eq!(Route::parse(""), Route::Home);
        assert_eq!(Route::parse("#/"), Route::Home);
        assert_eq!(Route::parse("#/nowhere/x"), Route::Projects);
        assert_eq!(Route::parse("#/projects/<script>"), Route::Projects);
        let (p, c) = (Id("abc123".into()), Id("card42".into()));
        assert_eq!(Route::Card(p, c).href(), "#/projects/abc123/cards/card42");
        assert_eq!(
            Route::parse("#/projects/abc123/cards/<x>"),
            Route::Project(Id("abc123".into()), ProjectTab::Board)
        );
    }
}
