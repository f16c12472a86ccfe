//! Open Referral UK's service shape (the JSON councils publish, `/services` pages of
//! `{"content": [service…]}`), so a county's feed can be brought into the directory and
//! Village's list given back. Only the fields the directory holds are read or written; anything
//! else in a feed is ignored. Village's Spanish copy and area ride in `x_village`, an extension
//! other readers ignore, so an export imports back unchanged.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{AgeRange, Bilingual, Checker, DirectoryEntry, GeoPoint, ServiceCategory, ServiceDetails};
use crate::rules::directory::is_entry_id;
use crate::Language;

/// A page of services, as an Open Referral UK `/services` endpoint answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrukPage {
    #[serde(rename = "totalElements", default)]
    pub total_elements: usize,
    #[serde(default)]
    pub first: bool,
    #[serde(default)]
    pub last: bool,
    pub content: Vec<OrukService>,
}

/// A feed to import: a page, or a bare list of services.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum OrukFeed {
    Page(OrukPage),
    Services(Vec<OrukService>),
}

impl OrukFeed {
    pub fn services(self) -> Vec<OrukService> {
        match self {
            OrukFeed::Page(page) => page.content,
            OrukFeed::Services(services) => services,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrukService {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    /// "active", "inactive", "defunct", "temporarily closed".
    #[serde(default)]
    pub status: Option<String>,
    /// When the service's details were last assured (checked).
    #[serde(default)]
    pub assured_date: Option<NaiveDate>,
    #[serde(default)]
    pub organization: Option<OrukOrganization>,
    #[serde(default)]
    pub service_at_locations: Vec<OrukServiceAtLocation>,
    #[serde(default)]
    pub contacts: Vec<OrukContact>,
    #[serde(default)]
    pub languages: Vec<OrukLanguage>,
    #[serde(default)]
    pub eligibilitys: Vec<OrukEligibility>,
    #[serde(default)]
    pub regular_schedules: Vec<OrukSchedule>,
    #[serde(default)]
    pub service_areas: Vec<OrukServiceArea>,
    #[serde(default)]
    pub service_taxonomys: Vec<OrukServiceTaxonomy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x_village: Option<VillageExtension>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrukOrganization {
    #[serde(default)]
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrukServiceAtLocation {
    pub location: OrukLocation,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrukLocation {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub latitude: Option<f64>,
    #[serde(default)]
    pub longitude: Option<f64>,
    #[serde(default)]
    pub physical_addresses: Vec<OrukAddress>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrukAddress {
    #[serde(default)]
    pub address_1: String,
    #[serde(default)]
    pub city: Option<String>,
    #[serde(default)]
    pub postal_code: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrukContact {
    #[serde(default)]
    pub phones: Vec<OrukPhone>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrukPhone {
    pub number: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrukLanguage {
    pub language: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrukEligibility {
    #[serde(default)]
    pub minimum_age: Option<u8>,
    #[serde(default)]
    pub maximum_age: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrukSchedule {
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrukServiceArea {
    #[serde(default)]
    pub service_area: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrukServiceTaxonomy {
    pub taxonomy: OrukTaxonomy,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrukTaxonomy {
    #[serde(default)]
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub vocabulary: Option<String>,
}

/// What Open Referral has no field for: the Spanish copy, the category, the public area, who
/// checked it and when it was edited.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VillageExtension {
    #[serde(default)]
    pub name_es: String,
    #[serde(default)]
    pub description_es: String,
    #[serde(default)]
    pub opening_times_es: String,
    #[serde(default)]
    pub area: Option<String>,
    #[serde(default)]
    pub category: Option<ServiceCategory>,
    #[serde(default)]
    pub checked_by: Option<Checker>,
    #[serde(default)]
    #[serde(deserialize_with = "crate::wire_time::utc_opt")]
    pub edited_at: Option<DateTime<Utc>>,
}

const VOCABULARY: &str = "village-directory";

/// An entry as Open Referral UK publishes a service.
pub fn to_oruk(entry: &DirectoryEntry) -> OrukService {
    let s = &entry.service;
    let location = OrukLocation {
        id: format!("{}-location", entry.id),
        name: Some(s.name.get(Language::En).to_string()),
        latitude: s.point.map(|p| p.lat),
        longitude: s.point.map(|p| p.lon),
        physical_addresses: s
            .address
            .iter()
            .map(|a| OrukAddress {
                address_1: a.clone(),
                city: None,
                postal_code: s.postcode.clone(),
                country: Some("GB".into()),
            })
            .collect(),
    };
    let has_place = s.address.is_some() || s.point.is_some();
    OrukService {
        id: entry.id.clone(),
        name: s.name.get(Language::En).to_string(),
        description: Some(s.description.get(Language::En).to_string()).filter(|d| !d.is_empty()),
        url: s.website.clone(),
        email: s.email.clone(),
        status: Some(if entry.retired { "inactive" } else { "active" }.into()),
        assured_date: Some(entry.checked_on),
        organization: Some(OrukOrganization { id: String::new(), name: s.organization.clone() }),
        service_at_locations: if has_place { vec![OrukServiceAtLocation { location }] } else { vec![] },
        contacts: s.phone.iter().map(|p| OrukContact { phones: vec![OrukPhone { number: p.clone() }] }).collect(),
        languages: s.languages.iter().map(|l| OrukLanguage { language: l.clone() }).collect(),
        eligibilitys: s
            .ages
            .iter()
            .map(|a| OrukEligibility { minimum_age: Some(a.min_years), maximum_age: Some(a.max_years) })
            .collect(),
        regular_schedules: Some(s.opening_times.get(Language::En).to_string())
            .filter(|t| !t.is_empty())
            .map(|t| OrukSchedule { description: Some(t) })
            .into_iter()
            .collect(),
        service_areas: vec![OrukServiceArea { service_area: Some(s.area.clone()) }],
        service_taxonomys: vec![OrukServiceTaxonomy {
            taxonomy: OrukTaxonomy {
                id: s.category.code().into(),
                name: s.category.label(Language::En).into(),
                vocabulary: Some(VOCABULARY.into()),
            },
        }],
        x_village: Some(VillageExtension {
            name_es: s.name.es.clone(),
            description_es: s.description.es.clone(),
            opening_times_es: s.opening_times.es.clone(),
            area: Some(s.area.clone()),
            category: Some(s.category),
            checked_by: Some(entry.checked_by),
            edited_at: Some(entry.edited_at),
        }),
    }
}

/// A page of the export.
pub fn page_of(entries: &[DirectoryEntry], first: bool, last: bool) -> OrukPage {
    OrukPage { total_elements: entries.len(), first, last, content: entries.iter().map(to_oruk).collect() }
}

/// A feed's service as an entry, or `None` when it cannot be one (no name, no id). A service
/// without an assured date counts as checked `today`, by the import; without an area, its
/// location's town or "—" (the editor asks for one before the next save).
pub fn from_oruk(service: &OrukService, today: NaiveDate, now: DateTime<Utc>) -> Option<DirectoryEntry> {
    let id = feed_id(&service.id)?;
    if service.name.trim().is_empty() {
        return None;
    }
    let ext = service.x_village.clone().unwrap_or_default();
    let location = service.service_at_locations.first().map(|l| &l.location);
    let address = location.and_then(|l| l.physical_addresses.first());
    let point = location
        .and_then(|l| l.latitude.zip(l.longitude))
        .map(|(lat, lon)| GeoPoint { lat, lon })
        .filter(GeoPoint::is_valid);
    let category = ext.category.or_else(|| {
        service.service_taxonomys.iter().find_map(|t| {
            ServiceCategory::from_code(&t.taxonomy.id)
                .or_else(|| ServiceCategory::ALL.into_iter().find(|c| c.label(Language::En).eq_ignore_ascii_case(&t.taxonomy.name)))
        })
    });
    let area = ext
        .area
        .clone()
        .or_else(|| service.service_areas.iter().find_map(|a| a.service_area.clone()))
        .or_else(|| address.and_then(|a| a.city.clone()))
        .unwrap_or_else(|| "—".into());
    Some(DirectoryEntry {
        id,
        service: ServiceDetails {
            organization: service.organization.as_ref().map(|o| o.name.clone()).unwrap_or_else(|| service.name.clone()),
            name: Bilingual::new(service.name.trim(), ext.name_es),
            description: Bilingual::new(service.description.clone().unwrap_or_default(), ext.description_es),
            category: category.unwrap_or(ServiceCategory::Other),
            area,
            address: address.map(|a| a.address_1.clone()).filter(|a| !a.is_empty()),
            postcode: address.and_then(|a| a.postal_code.clone()),
            point,
            phone: service.contacts.iter().flat_map(|c| &c.phones).map(|p| p.number.clone()).next(),
            email: service.email.clone(),
            website: service.url.clone(),
            languages: service.languages.iter().map(|l| l.language.to_ascii_lowercase()).collect(),
            ages: service.eligibilitys.first().and_then(|e| {
                Some(AgeRange { min_years: e.minimum_age.unwrap_or(0), max_years: e.maximum_age.or(e.minimum_age.map(|_| 120))? })
            }),
            opening_times: Bilingual::new(
                service.regular_schedules.iter().find_map(|s| s.description.clone()).unwrap_or_default(),
                ext.opening_times_es,
            ),
        },
        checked_on: service.assured_date.unwrap_or(today),
        checked_by: ext.checked_by.unwrap_or(Checker::Import),
        edited_at: ext.edited_at.unwrap_or(now),
        retired: service.status.as_deref().is_some_and(|s| !s.eq_ignore_ascii_case("active")),
    })
}

/// A feed's id as a directory id: Village's own ids come back as they are; anyone else's get
/// an `oruk-` prefix and lower-case letters, digits and '-' (feeds often use UUIDs).
fn feed_id(id: &str) -> Option<String> {
    if is_entry_id(id) {
        return Some(id.to_string());
    }
    let cleaned: String =
        id.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).take(58).collect();
    let cleaned = cleaned.trim_matches('-');
    let id = format!("oruk-{cleaned}");
    (!cleaned.is_empty() && is_entry_id(&id)).then_some(id)
}

/// A valid service, for tests of the directory's rules.
#[cfg(test)]
pub(crate) mod tests_support {
    use super::*;

    pub fn service() -> ServiceDetails {
        tests::entry().service
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn entry() -> DirectoryEntry {
        DirectoryEntry {
            id: "mile-cross-library-k3f".into(),
            service: ServiceDetails {
                organization: "Norfolk County Council".into(),
                name: Bilingual::new("Mile Cross Library", "Biblioteca de Mile Cross"),
                description: Bilingual::new("Rhyme time on Tuesdays.", "Canciones y rimas los martes."),
                category: ServiceCategory::Library,
                area: "Mile Cross, Norwich".into(),
                address: Some("Mile Cross Road".into()),
                postcode: Some("NR3 2LB".into()),
                point: Some(GeoPoint { lat: 52.646, lon: 1.277 }),
                phone: Some("0344 800 8020".into()),
                email: Some("libraries@example.org".into()),
                website: Some("https://example.org/libraries".into()),
                languages: vec!["en".into(), "pl".into()],
                ages: Some(AgeRange { min_years: 0, max_years: 5 }),
                opening_times: Bilingual::new("Tue–Sat 10–5", "mar–sáb 10–17"),
            },
            checked_on: "2026-10-02".parse().unwrap(),
            checked_by: Checker::Leader,
            edited_at: "2026-09-01T10:00:00Z".parse().unwrap(),
            retired: false,
        }
    }

    #[test]
    fn an_export_imports_back_unchanged() {
        let original = entry();
        let json = serde_json::to_string(&page_of(&[original.clone()], true, true)).unwrap();
        let feed: OrukFeed = serde_json::from_str(&json).unwrap();
        let back: Vec<DirectoryEntry> = feed
            .services()
            .iter()
            .filter_map(|s| from_oruk(s, "2026-12-01".parse().unwrap(), Utc::now()))
            .collect();
        assert_eq!(back, vec![original]);
    }

    #[test]
    fn a_retired_entry_is_exported_inactive_and_comes_back_retired() {
        let mut retired = entry();
        retired.retired = true;
        let service = to_oruk(&retired);
        assert_eq!(service.status.as_deref(), Some("inactive"));
        assert!(from_oruk(&service, "2026-12-01".parse().unwrap(), Utc::now()).unwrap().retired);
    }

    #[test]
    fn a_councils_feed_without_villages_extension_is_read_with_sensible_defaults() {
        let feed = r#"{"totalElements": 2, "content": [
            {"id": "3F2504E0-4F89-11D3-9A0C-0305E82C3301", "name": "Norwich Family Hub",
             "description": "Support for families with children 0-19.", "status": "active",
             "organization": {"id": "ncc", "name": "Norfolk County Council"},
             "service_at_locations": [{"location": {"latitude": 52.63, "longitude": 1.29,
                "physical_addresses": [{"address_1": "1 Hub Street", "city": "Norwich", "postal_code": "NR1 1AA"}]}}],
             "contacts": [{"phones": [{"number": "01603 000000"}]}],
             "languages": [{"language": "EN"}],
             "service_taxonomys": [{"taxonomy": {"id": "x1", "name": "Family Hub"}}],
             "some_field_we_do_not_use": {"a": 1}},
            {"id": "", "name": "No id"}
        ]}"#;
        let services = serde_json::from_str::<OrukFeed>(feed).unwrap().services();
        let today: NaiveDate = "2026-12-01".parse().unwrap();
        let hub = from_oruk(&services[0], today, Utc::now()).unwrap();
        assert_eq!(hub.id, "oruk-3f2504e0-4f89-11d3-9a0c-0305e82c3301");
        assert_eq!(hub.service.category, ServiceCategory::FamilyHub);
        assert_eq!(hub.service.area, "Norwich");
        assert_eq!(hub.service.languages, ["en"]);
        assert_eq!(hub.service.postcode.as_deref(), Some("NR1 1AA"));
        assert_eq!((hub.checked_on, hub.checked_by), (today, Checker::Import));
        assert!(!hub.retired);
        assert_eq!(from_oruk(&services[1], today, Utc::now()), None);
    }

    #[test]
    fn a_bare_list_of_services_is_a_feed_too() {
        let services = serde_json::from_str::<OrukFeed>(r#"[{"id": "a-b-c", "name": "X"}]"#).unwrap().services();
        assert_eq!(services.len(), 1);
    }
}
