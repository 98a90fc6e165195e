//! Structured metadata per page: schema.org JSON-LD (`Event` for the summit and each forum,
//! `Person` for speakers, `NewsArticle`, `Report` for papers) and the Open Graph type:
//! `article` for news, papers and chapters, `profile` for speakers, `website` for the rest.

use serde_json::{json, Value};

use super::views::{PageMeta, Views};
use crate::event_time::rfc3339;
use crate::graph::DocId;
use crate::model::{Author, Data};
use crate::outputs::jsonld::{part, script_safe, thing};

impl Views<'_> {
    /// Adds JSON-LD and the Open Graph type to a document's page metadata.
    pub fn structured(&self, id: DocId, meta: &mut PageMeta) {
        let site = self.site;
        let d = site.doc(self.shown(id));
        let url = json!(meta.permalink);
        let (og, value) = match &d.data {
            Data::Home(_) => ("website", self.summit_event()),
            Data::Forum(f) => {
                let session = self.programme.session(id);
                let people: Vec<Value> = self.forum_people(id).into_iter().map(|s| self.person_ref(s)).collect();
                let value = thing(
                    "Event",
                    vec![
                        ("name", json!(d.title)),
                        ("description", json!(meta.description)),
                        ("url", url),
                        (
                            "startDate",
                            session.map_or_else(|| json!(f.date.map(|x| x.to_string())), |s| json!(rfc3339(&s.starts))),
                        ),
                        (
                            "endDate",
                            session.filter(|s| s.end.is_some()).map_or(Value::Null, |s| json!(rfc3339(&s.ends))),
                        ),
                        ("eventStatus", json!("https://schema.org/EventScheduled")),
                        ("eventAttendanceMode", json!("https://schema.org/OfflineEventAttendanceMode")),
                        ("location", self.place(f.room.as_deref())),
                        ("organizer", json!(self.organizers())),
                        ("performer", json!(people)),
                        ("keywords", json!(f.topics.join(", "))),
                        ("superEvent", self.summit_ref()),
                    ],
                );
                ("website", value)
            }
            Data::Speaker(s) => {
                let affiliation =
                    s.organisation.as_ref().map_or(Value::Null, |o| part("Organization", vec![("name", json!(o))]));
                let value = thing(
                    "Person",
                    vec![
                        ("name", json!(d.title)),
                        ("honorificPrefix", json!(s.honorific)),
                        ("jobTitle", json!(s.role)),
                        ("affiliation", affiliation),
                        ("url", url),
                        ("image", json!(self.own_image(id))),
                        ("sameAs", json!(s.links.iter().map(|l| l.url.clone()).collect::<Vec<_>>())),
                    ],
                );
                ("profile", value)
            }
            Data::News(n) => {
                let author =
                    n.author.as_ref().map_or_else(|| self.publisher(), |a| part("Person", vec![("name", json!(a))]));
                let value = thing(
                    "NewsArticle",
                    vec![
                        ("headline", json!(d.title)),
                        ("description", json!(meta.description)),
                        ("datePublished", json!(n.date.to_string())),
                        ("dateModified", json!(n.date.to_string())),
                        ("author", author),
                        ("publisher", self.publisher()),
                        ("mainEntityOfPage", url),
                        ("image", json!(self.own_image(id).or_else(|| meta.image.clone()))),
                        ("keywords", json!(n.tags.join(", "))),
                    ],
                );
                ("article", value)
            }
            Data::Paper(p) => {
                let authors: Vec<Value> = p
                    .authors
                    .iter()
                    .filter_map(|a| match a {
                        Author::Speaker(slug) => {
                            self.site.find(crate::load::Kind::Speaker, slug).map(|s| self.person_ref(s))
                        }
                        Author::Person { name, affiliation, .. } => Some(part(
                            "Person",
                            vec![
                                ("name", json!(name)),
                                (
                                    "affiliation",
                                    affiliation
                                        .as_ref()
                                        .map_or(Value::Null, |o| part("Organization", vec![("name", json!(o))])),
                                ),
                            ],
                        )),
                    })
                    .collect();
                let value = thing(
                    "Report",
                    vec![
                        ("name", json!(d.title)),
                        ("headline", json!(d.title)),
                        ("alternativeHeadline", json!(p.subtitle)),
                        ("abstract", json!(p.summary)),
                        ("author", json!(authors)),
                        ("datePublished", json!(p.date.map(|x| x.to_string()))),
                        ("version", json!(p.version)),
                        ("license", json!(p.license)),
                        ("keywords", json!(p.keywords.join(", "))),
                        ("identifier", json!(p.doi.as_ref().map(|doi| format!("https://doi.org/{doi}")))),
                        ("publisher", self.publisher()),
                        ("url", url),
                        ("creativeWorkStatus", json!(p.status.map(|s| format!("{s:?}")))),
                    ],
                );
                ("article", value)
            }
            Data::Chapter(_) | Data::Page(_) => {
                let value = thing(
                    "WebPage",
                    vec![("name", json!(d.title)), ("url", url), ("description", json!(meta.description))],
                );
                // a chapter is part of a paper; a free page (about, venue) is part of the site
                (if matches!(d.data, Data::Chapter(_)) { "article" } else { "website" }, value)
            }
        };
        meta.og_type = og;
        meta.jsonld = Some(script_safe(&value));
    }

    /// The summit as an `Event`, for the home page.
    pub fn summit_event(&self) -> Value {
        let c = &self.site.config;
        let e = &c.event;
        thing(
            "Event",
            vec![
                ("name", json!(e.name.clone().unwrap_or_else(|| c.title.clone()))),
                ("description", json!(e.tagline.clone().or_else(|| c.description.clone()))),
                ("url", json!(c.base_url)),
                ("startDate", json!(e.start.map(|d| d.to_string()))),
                ("endDate", json!(e.end.map(|d| d.to_string()))),
                ("eventStatus", json!("https://schema.org/EventScheduled")),
                ("eventAttendanceMode", json!("https://schema.org/OfflineEventAttendanceMode")),
                ("location", self.place(None)),
                ("organizer", json!(self.organizers())),
            ],
        )
    }

    fn summit_ref(&self) -> Value {
        let c = &self.site.config;
        part(
            "Event",
            vec![("name", json!(c.event.name.clone().unwrap_or_else(|| c.title.clone()))), ("url", json!(c.base_url))],
        )
    }

    fn place(&self, room: Option<&str>) -> Value {
        let venue = self.site.config.event.venue.as_ref();
        let name: Vec<&str> = [room, venue.and_then(|v| v.name.as_deref())].into_iter().flatten().collect();
        let address = venue.map_or(Value::Null, |v| {
            part(
                "PostalAddress",
                vec![
                    ("streetAddress", json!(v.address)),
                    ("addressLocality", json!(v.city)),
                    ("addressCountry", json!(v.country)),
                ],
            )
        });
        if name.is_empty() && address.is_null() {
            return Value::Null;
        }
        part("Place", vec![("name", json!(name.join(", "))), ("address", address)])
    }

    fn organizers(&self) -> Vec<Value> {
        self.site
            .config
            .event
            .organisers
            .iter()
            .map(|o| part("Organization", vec![("name", json!(o.name)), ("url", json!(o.url))]))
            .collect()
    }

    fn publisher(&self) -> Value {
        part("Organization", vec![("name", json!(self.site.config.title)), ("url", json!(self.site.config.base_url))])
    }

    fn person_ref(&self, id: DocId) -> Value {
        let d = self.site.doc(self.shown(id));
        let (role, org) = match &d.data {
            Data::Speaker(s) => (s.role.clone(), s.organisation.clone()),
            _ => (None, None),
        };
        part(
            "Person",
            vec![
                ("name", json!(d.title)),
                ("url", json!(self.permalink(&self.site.urls[id]))),
                ("jobTitle", json!(role)),
                ("affiliation", org.map_or(Value::Null, |o| part("Organization", vec![("name", json!(o))]))),
            ],
        )
    }
}
