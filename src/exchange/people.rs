//! People in a file who are already in the directory under another id: "Dana Reyes" added by
//! a colleague and by you is one person. A Docket file's people are matched to yours by name
//! (`domain::name_key`: case, spaces, invisible characters and Unicode form ignored) before
//! the file is previewed and merged, so the directory never lists one person twice and the
//! colleague's assignments land on your entry. (The Trello import matches the same way.)

use crate::domain::{name_key, Card, Id, Person, Workspace};
use std::collections::HashMap;

/// Moves the file's references from each of its people whose name is already in `local`
/// under another id to that local person, and drops them from the file. Returns the names
/// matched.
pub fn match_people(local: &[Person], incoming: &mut Workspace) -> Vec<String> {
    let mine: HashMap<String, &Id> = local.iter().map(|p| (name_key(&p.name), &p.id)).collect();
    let ids: std::collections::HashSet<&Id> = local.iter().map(|p| &p.id).collect();
    let mut map: HashMap<Id, Id> = HashMap::new();
    let mut names = Vec::new();
    for p in &incoming.people {
        if ids.contains(&p.id) {
            continue;
        }
        if let Some(id) = mine.get(&name_key(&p.name)) {
            map.insert(p.id.clone(), (*id).clone());
            names.push(p.name.clone());
        }
    }
    if map.is_empty() {
        return names;
    }
    incoming.people.retain(|p| !map.contains_key(&p.id));
    let swap = |id: &mut Id| {
        if let Some(to) = map.get(id) {
            id.clone_from(to);
        }
    };
    for p in &mut incoming.projects {
        let trashed = p.trash.iter_mut().flat_map(|t| match &mut t.item {
            crate::domain::project::Trashed::Card(c) => std::slice::from_mut(c),
            crate::domain::project::Trashed::Column { cards, .. } => cards.as_mut_slice(),
        });
        for c in p.cards.iter_mut().chain(trashed) {
            reassign(c, &map);
        }
    }
    for t in &mut incoming.templates {
        if let Some(o) = &mut t.owner {
            swap(o);
        }
        if let crate::domain::checklist::Assignment::Rotation { team, .. } = &mut t.assignment {
            team.iter_mut().for_each(swap);
            let mut seen = std::collections::HashSet::new();
            team.retain(|p| seen.insert(p.clone()));
        }
        for e in &mut t.escalations {
            if let Some(b) = &mut e.by {
                swap(b);
            }
        }
    }
    for r in &mut incoming.runs {
        if let Some(b) = &mut r.by {
            swap(b);
        }
    }
    names
}

/// A card's assignees (and their stamps) moved to the matched ids.
fn reassign(c: &mut Card, map: &HashMap<Id, Id>) {
    if !c.assignees.iter().any(|a| map.contains_key(a)) {
        return;
    }
    for a in &mut c.assignees {
        if let Some(to) = map.get(a) {
            c.stamps
                .rename(&format!("assignees/{a}"), &format!("assignees/{to}"));
            a.clone_from(to);
        }
    }
    c.assignees = crate::domain::stamps::as_set(std::mem::take(&mut c.assignees));
}
