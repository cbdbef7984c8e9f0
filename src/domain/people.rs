//! The workspace's directory of people: card assignees now, who ran a checklist later.

use super::{clean_name, DomainError, Env, Id, Res, Ts};
use serde::{Deserialize, Serialize};

/// A colleague.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: Id,
    pub created: Ts,
    pub updated: Ts,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub role: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub email: String,
}

impl Person {
    /// A new person; the email, when given, must look like one.
    pub fn new(env: &mut dyn Env, name: &str, role: &str, email: &str) -> Res<Person> {
        let name = clean_name("Name", name)?;
        let email = email.trim().to_string();
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
            role: role.trim().to_string(),
            email,
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

fn looks_like_email(s: &str) -> bool {
    let mut parts = s.split('@');
    matches!(
        (parts.next(), parts.next(), parts.next()),
        (Some(a), Some(b), None) if !a.is_empty() && b.contains('.') && !b.starts_with('.') && !b.ends_with('.')
    ) && !s.chars().any(char::is_whitespace)
}

/// Finds a person by name (case-insensitive) or adds them: used when assigning inline.
pub fn find_or_add(people: &mut Vec<Person>, env: &mut dyn Env, name: &str) -> Res<(Id, bool)> {
    let wanted = clean_name("Name", name)?;
    if let Some(p) = people
        .iter()
        .find(|p| p.name.to_lowercase() == wanted.to_lowercase())
    {
        return Ok((p.id.clone(), false));
    }
    let p = Person::new(env, &wanted, "", "")?;
    let id = p.id.clone();
    people.push(p);
    Ok((id, true))
}
