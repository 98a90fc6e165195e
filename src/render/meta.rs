//! Structured metadata per page: schema.org JSON-LD (`Event` for the summit and each forum,
//! `Person` for speakers, `NewsArticle`, `Report` for papers) and the Open Graph type:
//! `article` for news, papers and chapters, `profile` for speakers, `website` for the rest.

use super::views::{PageMeta, Views};
use crate::event_time::rfc3339;
use crate::graph::DocId;
use crate::model::{Author, Data};
use crate::outputs::jsonld::{part, script_safe, thing, Ld};

impl Views<'_> {
    /// Adds JSON-LD and the Open Graph type to a document's page metadata.
    pub fn structured(&self, id: DocId, meta: &mut PageMeta) {
        let site = self.site;
        let d = site.doc(self.shown(id));
        let url = Ld::str(meta.permalink.as_str());
        let description = || Ld::opt(meta.description.as_deref());
        let (og, value) = match &d.data {
            Data::Home(_) => ("website", self.summit_event()),
            Data::Forum(f) => {
                let session = self.programme.session(id);
                let people: Vec<Ld> = self.forum_people(id).into_iter().map(|s| self.person_ref(s)).collect();
                let value = thing(
                    "Event",
                    vec![
                        ("name", Ld::str(d.title.as_str())),
                        ("description", description()),
                        ("url", url),
                        (
                            "startDate",
                            session.map_or_else(
                                || Ld::opt(f.date.map(|x| x.to_string())),
                                |s| Ld::str(rfc3339(&s.starts)),
                            ),
                        ),
                        (
                            "endDate",
                            session.filter(|s| s.end.is_some()).map_or(Ld::Null, |s| Ld::str(rfc3339(&s.ends))),
                        ),
                        ("eventStatus", Ld::str("https://schema.org/EventScheduled")),
                        ("eventAttendanceMode", Ld::str("https://schema.org/OfflineEventAttendanceMode")),
                        ("location", self.place(f.room.as_deref())),
                        ("organizer", Ld::List(self.organizers())),
                        ("performer", Ld::List(people)),
                        ("keywords", Ld::str(f.topics.join(", "))),
                        ("superEvent", self.summit_ref()),
                    ],
                );
                ("website", value)
            }
            Data::Speaker(s) => {
                let affiliation =
                    s.organisation.as_deref().map_or(Ld::Null, |o| part("Organization", vec![("name", Ld::str(o))]));
                let value = thing(
                    "Person",
                    vec![
                        ("name", Ld::str(d.title.as_str())),
                        ("honorificPrefix", Ld::opt(s.honorific.as_deref())),
                        ("jobTitle", Ld::opt(s.role.as_deref())),
                        ("affiliation", affiliation),
                        ("url", url),
                        ("image", Ld::opt(self.own_image(id))),
                        ("sameAs", Ld::List(s.links.iter().map(|l| Ld::str(l.url.as_str())).collect())),
                    ],
                );
                ("profile", value)
            }
            Data::News(n) => {
                let author = n
                    .author
                    .as_deref()
                    .map_or_else(|| self.publisher(), |a| part("Person", vec![("name", Ld::str(a))]));
                let value = thing(
                    "NewsArticle",
                    vec![
                        ("headline", Ld::str(d.title.as_str())),
                        ("description", description()),
                        ("datePublished", Ld::str(n.date.to_string())),
                        ("dateModified", Ld::str(n.date.to_string())),
                        ("author", author),
                        ("publisher", self.publisher()),
                        ("mainEntityOfPage", url),
                        ("image", Ld::opt(self.own_image(id).or_else(|| meta.image.clone()))),
                        ("keywords", Ld::str(n.tags.join(", "))),
                    ],
                );
                ("article", value)
            }
            Data::Paper(p) => {
                let authors: Vec<Ld> = p
                    .authors
                    .iter()
                    .filter_map(|a| match a {
                        Author::Speaker(slug) => {
                            self.site.find(crate::load::Kind::Speaker, slug).map(|s| self.person_ref(s))
                        }
                        Author::Person { name, affiliation, orcid } => Some(part(
                            "Person",
                            vec![
                                ("name", Ld::str(name.as_str())),
                                ("sameAs", Ld::opt(orcid.as_ref().map(|id| format!("https://orcid.org/{id}")))),
                                (
                                    "affiliation",
                                    affiliation
                                        .as_deref()
                                        .map_or(Ld::Null, |o| part("Organization", vec![("name", Ld::str(o))])),
                                ),
                            ],
                        )),
                    })
                    .collect();
                let value = thing(
                    "Report",
                    vec![
                        ("name", Ld::str(d.title.as_str())),
                        ("headline", Ld::str(d.title.as_str())),
                        ("alternativeHeadline", Ld::opt(p.subtitle.as_deref())),
                        ("abstract", Ld::opt(p.summary.as_deref())),
                        ("author", Ld::List(authors)),
                        ("datePublished", Ld::opt(p.date.map(|x| x.to_string()))),
                        ("version", Ld::opt(p.version.as_deref())),
                        ("license", Ld::opt(p.license.as_deref())),
                        ("keywords", Ld::str(p.keywords.join(", "))),
                        ("identifier", Ld::opt(p.doi.as_ref().map(|doi| format!("https://doi.org/{doi}")))),
                        ("publisher", self.publisher()),
                        ("url", url),
                        ("creativeWorkStatus", Ld::opt(p.status.map(|s| format!("{s:?}")))),
                    ],
                );
                ("article", value)
            }
            Data::Chapter(_) | Data::Page(_) => {
                let value = thing(
                    "WebPage",
                    vec![("name", Ld::str(d.title.as_str())), ("url", url), ("description", description())],
                );
                // a chapter is part of a paper; a free page (about, venue) is part of the site
                (if matches!(d.data, Data::Chapter(_)) { "article" } else { "website" }, value)
            }
        };
        let jsonld = script_safe(&value);
        meta.og_type = og;
        meta.jsonld = Some(jsonld);
    }

    /// The summit as an `Event`, for the home page, in this language: its name, tagline,
    /// venue and organisers as `site.<code>.yaml` (or `languages`) gives them, its address the
    /// language's home page.
    pub fn summit_event(&self) -> Ld<'_> {
        let c = &self.site.config;
        let e = &c.event;
        let lang = self.language();
        thing(
            "Event",
            vec![
                ("name", Ld::str(self.event_name())),
                // the language's tagline (from `languages` or site.<code>.yaml) or description,
                // before site.yaml's
                (
                    "description",
                    Ld::opt(
                        lang.tagline
                            .as_deref()
                            .or(lang.description.as_deref())
                            .or(e.tagline.as_deref())
                            .or(c.description.as_deref()),
                    ),
                ),
                ("url", Ld::str(self.permalink("/"))),
                ("startDate", Ld::opt(e.start.map(|d| d.to_string()))),
                ("endDate", Ld::opt(e.end.map(|d| d.to_string()))),
                ("eventStatus", Ld::str("https://schema.org/EventScheduled")),
                ("eventAttendanceMode", Ld::str("https://schema.org/OfflineEventAttendanceMode")),
                ("location", self.place(None)),
                ("organizer", Ld::List(self.organizers())),
            ],
        )
    }

    fn summit_ref(&self) -> Ld<'_> {
        part("Event", vec![("name", Ld::str(self.event_name())), ("url", Ld::str(self.permalink("/")))])
    }

    /// The room and venue in this language (`site.<code>.yaml`), as the calendars say them.
    fn place<'s>(&'s self, room: Option<&'s str>) -> Ld<'s> {
        let venue = self.site.config.event.venue.as_ref();
        let text = &self.language().text.event.venue;
        let room = room.map(|r| self.room(r));
        let venue_name = text.name.as_deref().or(venue.and_then(|v| v.name.as_deref()));
        let name: Vec<&str> = [room.as_deref(), venue_name].into_iter().flatten().collect();
        let address = venue.map_or(Ld::Null, |v| {
            part(
                "PostalAddress",
                vec![
                    ("streetAddress", Ld::opt(text.address.as_deref().or(v.address.as_deref()))),
                    ("addressLocality", Ld::opt(text.city.as_deref().or(v.city.as_deref()))),
                    ("addressCountry", Ld::opt(v.country.as_deref())),
                ],
            )
        });
        if name.is_empty() && address.is_null() {
            return Ld::Null;
        }
        part("Place", vec![("name", Ld::str(self.comma_join(&name))), ("address", address)])
    }

    fn organizers(&self) -> Vec<Ld<'_>> {
        self.site
            .config
            .event
            .organisers
            .iter()
            .map(|o| {
                let name = self.language().text.event.organisers.get(&o.name).unwrap_or(&o.name);
                part("Organization", vec![("name", Ld::str(name.as_str())), ("url", Ld::opt(o.url.as_deref()))])
            })
            .collect()
    }

    fn publisher(&self) -> Ld<'_> {
        part(
            "Organization",
            vec![
                ("name", Ld::str(self.site.config.title.as_str())),
                ("url", Ld::str(self.site.config.base_url.as_str())),
            ],
        )
    }

    fn person_ref(&self, id: DocId) -> Ld<'_> {
        let d = self.site.doc(self.shown(id));
        let (role, org) = match &d.data {
            Data::Speaker(s) => (s.role.as_deref(), s.organisation.as_deref()),
            _ => (None, None),
        };
        part(
            "Person",
            vec![
                ("name", Ld::str(d.title.as_str())),
                ("url", Ld::str(self.permalink(&self.site.urls[id]))),
                ("jobTitle", Ld::opt(role)),
                ("affiliation", org.map_or(Ld::Null, |o| part("Organization", vec![("name", Ld::str(o))]))),
            ],
        )
    }
}
