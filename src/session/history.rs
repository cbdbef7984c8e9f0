//! The history every change leaves (`domain::records`): after an operation, an undo or a
//! redo, what its patch changed is recorded on the cards and the project it touched, with
//! the time of the change and who made it. Entries already there are kept (an undo puts
//! back a card's older copy: its history is the union of both, and the undo adds its own).

use crate::domain::records::{self, Activity, What};
use crate::domain::undo::Patch;
use crate::domain::{Env, Id, Project, Trashed};

/// The history of what a patch touches as it is before an undo or redo applies it (the
/// copies it puts back lack what was recorded since).
pub(super) struct Kept {
    cards: Vec<(Id, Vec<Activity>)>,
    project: Vec<Activity>,
}

pub(super) fn kept(patch: &Patch, p: &Project) -> Kept {
    Kept {
        cards: patch
            .cards
            .iter()
            .filter_map(|(id, _, _)| p.card(id).map(|c| (id.clone(), c.history.clone())))
            .collect(),
        project: p.activity.clone(),
    }
}

/// Records what `patch` changed in `p` (and in the patch's copies, which are saved).
pub(super) fn record(
    patch: &mut Patch,
    p: &mut Project,
    by: Option<&Id>,
    env: &mut dyn Env,
    kept: Option<&Kept>,
) {
    let mut deleted: Vec<Activity> = Vec::new();
    for (id, before, after) in &mut patch.cards {
        match (before.as_ref(), after.as_mut()) {
            (b, Some(a)) => {
                let mut log = match b {
                    Some(b) => records::join(&b.history, &a.history),
                    None => a.history.clone(),
                };
                if let Some((_, h)) = kept.and_then(|k| k.cards.iter().find(|(c, _)| c == id)) {
                    log = records::join(&log, h);
                }
                let new = records::card_changes(p, b, a);
                if new.is_empty() && log == a.history {
                    continue;
                }
                log.extend(records::entries(new, a.updated, by, None));
                a.history = records::join(&log, &[]);
                if let Some(c) = p.cards.iter_mut().find(|c| &c.id == id) {
                    c.history.clone_from(&a.history);
                }
            }
            (Some(b), None) => {
                // Into the trash (alone or with its column): recorded on the project.
                let at = p.trash.iter().find_map(|t| match &t.item {
                    Trashed::Card(c) if &c.id == id => Some(t.at),
                    Trashed::Column { cards, .. } if cards.iter().any(|c| &c.id == id) => {
                        Some(t.at)
                    }
                    _ => None,
                });
                if let Some(at) = at {
                    deleted.push(Activity {
                        at,
                        card: Some(id.clone()),
                        what: What::Deleted.key().into(),
                        by: by.cloned(),
                        from: b.title.clone(),
                        to: String::new(),
                    });
                }
            }
            (None, None) => {}
        }
    }
    let Some(h) = &mut patch.head else { return };
    let (before, after) = (&h.0, &h.1);
    let mut log = records::join(&before.activity, &after.activity);
    if let Some(k) = kept {
        log = records::join(&log, &k.project);
    }
    let changes = records::head_changes(before, after);
    if !changes.is_empty() {
        let at = if after.updated > before.updated {
            after.updated
        } else {
            env.now()
        };
        log.extend(records::entries(changes, at, by, None));
    }
    log.extend(deleted);
    // Cards deleted for good from the trash leave their history with the project.
    log.extend(records::dropped(before, after, &p.cards));
    // ... and take it back when the card is back (an undone deletion: its copy has it).
    records::forget_returned(&mut log, after, &p.cards);
    let log = records::join(&log, &[]);
    if log != h.1.activity {
        h.1.activity.clone_from(&log);
        p.activity = log;
    }
}
