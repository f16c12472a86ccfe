//! The directory's texts, English and Spanish side by side (one row per text, one column per
//! language, so a missing translation does not compile). Kept apart so none reaches the
//! provider's download.

use village_shared::texts;
use crate::i18n::Tr;

texts! { impl Tr {
    directory_title => "Local services for families · Village", "Servicios locales para familias · Village";
    directory_intro => "Places that help families with young children, each with when it was last checked.", "Lugares que ayudan a familias con niños pequeños, cada uno con la fecha en que se comprobó.";
    directory_more_filters => "Area and language", "Zona e idioma";
    directory_search => "Search", "Buscar";
    directory_search_label => "What are you looking for?", "¿Qué buscas?";
    directory_category => "Kind of help", "Tipo de ayuda";
    directory_any_category => "Any kind", "Cualquier tipo";
    directory_area => "Area", "Zona";
    directory_any_area => "Anywhere", "Cualquier zona";
    directory_language => "Language spoken", "Idioma que se habla";
    directory_any_language => "Any language", "Cualquier idioma";
    directory_none => "Nothing matches. Try fewer words or another area.", "No hay resultados. Prueba con menos palabras u otra zona.";
    directory_next_page => "More services", "Más servicios";
    directory_call => "Call", "Llamar";
    directory_map => "Map", "Mapa";
    directory_more => "Details", "Detalles";
    directory_checked => "Checked", "Comprobado";
    directory_by => "by", "por";
    directory_ageing => "Not checked for over six months: call before you go.", "Sin comprobar desde hace más de seis meses: llama antes de ir.";
    directory_still_right => "Is this still right?", "¿Sigue siendo correcto?";
    directory_yes => "Yes", "Sí";
    directory_changed => "Something changed", "Algo cambió";
    directory_closed => "Closed", "Cerró";
    directory_note => "What changed? (optional)", "¿Qué cambió? (opcional)";
    directory_send => "Send", "Enviar";
    directory_thanks => "Thank you: a group leader will look at it.", "Gracias: una persona que coordina un grupo lo revisará.";
    directory_languages => "Languages", "Idiomas";
    directory_ages => "Ages", "Edades";
    directory_open => "Open", "Horario";
    directory_website => "Website", "Sitio web";
    directory_groups_link => "Find a group", "Buscar un grupo";
    directory_near_heading => "Near you", "Cerca de ti";
    directory_km_away => "km away", "km de distancia";
    services_found(n: usize) => plural n {
        1 => "1 service", _ => "{n} services"
    }, {
        1 => "1 servicio", _ => "{n} servicios"
    };
}}
