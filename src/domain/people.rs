//! The workspace's directory of people: card assignees now, who ran a checklist later.

use super::draft::{Draft, Overwritten};
use super::{clean_identity, DomainError, Env, Id, Res, Ts};
use serde::{Deserialize, Serialize};

/// A colleague.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub id: Id,
    pub created: Ts,
    pub updated: Ts,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub role: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub email: String,
    /// Hours a week they can give to cards and checks (the Workload view's capacity).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<f64>,
    /// When each field last changed (`domain::stamps`).
    #[serde(default, skip_serializing_if = "super::stamps::Stamps::is_empty")]
    pub stamps: super::stamps::Stamps,
}

/// What the People page edits of a person.
#[derive(Clone, Debug, PartialEq)]
pub struct PersonFields {
    pub name: String,
    pub role: String,
    pub email: String,
    pub capacity: Option<f64>,
}

impl Person {
    /// What the People page edits.
    pub fn fields(&self) -> PersonFields {
        PersonFields {
            name: self.name.clone(),
            role: self.role.clone(),
            email: self.email.clone(),
            capacity: self.capacity,
        }
    }

    /// A new person; the email, when given, must look like one.
    pub fn new(env: &mut dyn Env, name: &str, role: &str, email: &str) -> Res<Person> {
        let name = clean_identity("Name", name)?;
        let email = super::clean_short("Email", email)?;
        if !email.is_empty() && !looks_like_email(&email) {
            return Err(DomainError::Invalid(format!(
                "“{email}” doesn't look like an email address: use name@example.com, or leave it empty."
            )));
        }
        let now = env.now();
        Ok(Person {
            id: env.new_id(),
            created: now,
            updated: now,
            name,
            role: super::clean_short("Role", role)?,
            email,
            capacity: None,
            stamps: Default::default(),
        })
    }

    /// Changes name, role and email (same rules as [`Person::new`]).
    pub fn edit(&mut self, env: &mut dyn Env, name: &str, role: &str, email: &str) -> Res<()> {
        let fresh = Person::new(env, name, role, email)?;
        if (&fresh.name, &fresh.role, &fresh.email) != (&self.name, &self.role, &self.email) {
            self.name = fresh.name;
            self.role = fresh.role;
            self.email = fresh.email;
            self.updated = env.now();
        }
        Ok(())
    }

    /// Initials for avatars ("Ana Lima" → "AL").
    pub fn initials(&self) -> String {
        self.name
            .split_whitespace()
            .filter_map(|w| w.chars().next())
            .take(2)
            .flat_map(char::to_uppercase)
            .collect()
    }
}

/// Most hours a week a capacity can say (every hour of the week).
pub const MAX_CAPACITY: f64 = 168.0;

/// Checks a capacity in hours a week: none, or a number from 0 to 168.
pub fn check_capacity(hours: Option<f64>) -> Res<Option<f64>> {
    match hours {
        Some(h) if !h.is_finite() || !(0.0..=MAX_CAPACITY).contains(&h) => {
            Err(DomainError::Invalid(format!(
                "A capacity is hours a week, from 0 to {MAX_CAPACITY}: {h} is not."
            )))
        }
        h => Ok(h),
    }
}

/// Sets how many hours a week a person can give (the Workload view compares their cards
/// and checks with it); `None` clears it.
pub fn set_capacity(
    people: &mut [Person],
    env: &mut dyn Env,
    id: &Id,
    hours: Option<f64>,
) -> Res<()> {
    let hours = check_capacity(hours)?;
    let p = people
        .iter_mut()
        .find(|p| &p.id == id)
        .ok_or(DomainError::NotFound("person"))?;
    if p.capacity != hours {
        p.capacity = hours;
        p.updated = env.now();
    }
    Ok(())
}

fn looks_like_email(s: &str) -> bool {
    let mut parts = s.split('@');
    matches!(
        (parts.next(), parts.next(), parts.next()),
        (Some(a), Some(b), None) if !a.is_empty() && b.contains('.') && !b.starts_with('.') && !b.ends_with('.')
    ) && !s.chars().any(char::is_whitespace)
}

/// Finds a person by name (case-insensitive) or adds them: used when assigning inline.
pub fn find_or_add(people: &mut Vec<Person>, env: &mut dyn Env, name: &str) -> Res<(Id, bool)> {
    let wanted = clean_identity("Name", name)?;
    let key = super::name_key(&wanted);
    if let Some(p) = people.iter().find(|p| super::name_key(&p.name) == key) {
        return Ok((p.id.clone(), false));
    }
    let p = Person::new(env, &wanted, "", "")?;
    let id = p.id.clone();
    people.push(p);
    Ok((id, true))
}

/// Adds a person to the directory; a name already there (ignoring case, spaces and
/// invisible characters) is refused, so one person is never listed twice.
pub fn add(
    people: &mut Vec<Person>,
    env: &mut dyn Env,
    name: &str,
    role: &str,
    email: &str,
) -> Res<Id> {
    let p = Person::new(env, name, role, email)?;
    refuse_taken(people, &p.name, None)?;
    let id = p.id.clone();
    people.push(p);
    Ok(id)
}

/// Changes a person's name, role and email; a name another person has is refused.
pub fn edit(
    people: &mut [Person],
    env: &mut dyn Env,
    id: &Id,
    name: &str,
    role: &str,
    email: &str,
) -> Res<()> {
    refuse_taken(people, &clean_identity("Name", name)?, Some(id))?;
    people
        .iter_mut()
        .find(|p| &p.id == id)
        .ok_or(DomainError::NotFound("person"))?
        .edit(env, name, role, email)
}

/// Saves a person's row on the People page: what the person changed since it showed
/// `opened`, onto the entry as it is now (see [`super::draft`]).
pub fn save_draft(
    people: &mut [Person],
    env: &mut dyn Env,
    id: &Id,
    opened: &PersonFields,
    mine: PersonFields,
) -> Res<Vec<Overwritten>> {
    let now = people
        .iter()
        .find(|p| &p.id == id)
        .ok_or(DomainError::NotFound("person"))?
        .fields();
    let (f, clashes) = now.rebase(opened, mine);
    edit(people, env, id, &f.name, &f.role, &f.email)?;
    set_capacity(people, env, id, f.capacity)?;
    Ok(clashes)
}

fn refuse_taken(people: &[Person], name: &str, except: Option<&Id>) -> Res<()> {
    let key = super::name_key(name);
    match people
        .iter()
        .find(|p| Some(&p.id) != except && super::name_key(&p.name) == key)
    {
        Some(p) => Err(DomainError::Invalid(format!(
            "{} is already in the directory: use that entry, or tell them apart (add a \
             surname or an initial).",
            p.name
        ))),
        None => Ok(()),
    }
}
