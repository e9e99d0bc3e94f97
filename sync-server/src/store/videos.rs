//! The education-video catalog and the cache of video-search answers.

use sqlx_core::query::query;
use sqlx_core::query_as::query_as;
use sqlx_core::types::Json;
use sqlx_postgres::PgPool;
use time::OffsetDateTime;

pub use bedside_shared::education::Video;

type Row = (String, String, String, String);

fn video((video_id, title, url, channel): Row) -> Video {
    Video {
        video_id,
        title,
        url,
        channel,
    }
}

/// Catalog videos for any of `codes` (matched by ICD-10 prefix: `K35` covers `K35.8`) or
/// whose keywords appear in any of `texts` (lower-case).
pub async fn matching(
    pool: &PgPool,
    codes: &[String],
    texts: &[String],
) -> Result<Vec<Video>, sqlx_core::Error> {
    let rows: Vec<Row> = query_as(
        "SELECT video_id, title, url, channel FROM education_videos v
         WHERE EXISTS (SELECT 1 FROM unnest(v.codes) c, unnest($1::text[]) p
                        WHERE p = c OR p LIKE c || '.%' OR p LIKE c || '%')
            OR EXISTS (SELECT 1 FROM unnest(v.keywords) k, unnest($2::text[]) t
                        WHERE t LIKE '%' || k || '%')
         ORDER BY title",
    )
    .bind(codes)
    .bind(texts)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(video).collect())
}

/// A catalog entry: the video, its ICD-10 prefixes and its keywords.
pub type CatalogEntry = (Video, Vec<String>, Vec<String>);

type CatalogRow = (String, String, String, String, Vec<String>, Vec<String>);

/// Every catalog video.
pub async fn all(pool: &PgPool) -> Result<Vec<CatalogEntry>, sqlx_core::Error> {
    let rows: Vec<CatalogRow> = query_as(
        "SELECT video_id, title, url, channel, codes, keywords FROM education_videos ORDER BY title",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, t, u, c, codes, words)| (video((id, t, u, c)), codes, words))
        .collect())
}

/// Adds or replaces a catalog video.
pub async fn upsert(
    pool: &PgPool,
    v: &Video,
    codes: &[String],
    keywords: &[String],
) -> Result<(), sqlx_core::Error> {
    query(
        "INSERT INTO education_videos (video_id, title, url, channel, codes, keywords)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (video_id) DO UPDATE SET title = excluded.title, url = excluded.url,
           channel = excluded.channel, codes = excluded.codes, keywords = excluded.keywords",
    )
    .bind(&v.video_id)
    .bind(&v.title)
    .bind(&v.url)
    .bind(&v.channel)
    .bind(codes)
    .bind(keywords)
    .execute(pool)
    .await?;
    Ok(())
}

/// Removes a catalog video; false if there was none.
pub async fn remove(pool: &PgPool, video_id: &str) -> Result<bool, sqlx_core::Error> {
    let done = query("DELETE FROM education_videos WHERE video_id = $1")
        .bind(video_id)
        .execute(pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// A cached search answer younger than `max_age_secs`.
pub async fn cached(
    pool: &PgPool,
    search: &str,
    max_age_secs: i64,
) -> Result<Option<Vec<Video>>, sqlx_core::Error> {
    let row: Option<(Json<Vec<Video>>,)> = query_as(
        "SELECT videos FROM video_search_cache
         WHERE query = $1 AND fetched_at > now() - make_interval(secs => $2)",
    )
    .bind(search)
    .bind(max_age_secs as f64)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(Json(v),)| v))
}

/// Caches a search answer.
pub async fn cache(pool: &PgPool, search: &str, videos: &[Video]) -> Result<(), sqlx_core::Error> {
    query(
        "INSERT INTO video_search_cache (query, fetched_at, videos) VALUES ($1, $2, $3)
         ON CONFLICT (query) DO UPDATE SET fetched_at = excluded.fetched_at, videos = excluded.videos",
    )
    .bind(search)
    .bind(OffsetDateTime::now_utc())
    .bind(Json(videos))
    .execute(pool)
    .await?;
    Ok(())
}
