//! Listings a page at a time: `?limit=&offset=` in, the items and the next offset out.

use serde::{Deserialize, Serialize};

use crate::error::ApiError;

/// Most items one page holds.
pub const MAX_PAGE: i64 = 200;

/// `?limit=&offset=` of a listing.
#[derive(Debug, Clone, Copy, Deserialize, utoipa::IntoParams)]
pub struct Paging {
    /// Items per page (default 50, at most 200).
    pub limit: Option<i64>,
    /// Items to skip.
    pub offset: Option<i64>,
}

impl Paging {
    /// The limit and offset, checked.
    pub fn limits(self) -> Result<(i64, i64), ApiError> {
        let limit = self.limit.unwrap_or(50);
        let offset = self.offset.unwrap_or(0);
        if !(1..=MAX_PAGE).contains(&limit) || offset < 0 {
            return Err(ApiError::invalid(format!(
                "limit is 1 to {MAX_PAGE} and offset is not negative"
            )));
        }
        Ok((limit, offset))
    }
}

/// One page of a listing.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Page<T> {
    /// The items.
    pub items: Vec<T>,
    /// The offset to ask for next, if there may be more.
    pub next_offset: Option<i64>,
}

/// A page of `items` asked for with `limit` and `offset`.
pub fn page<T>(items: Vec<T>, limit: i64, offset: i64) -> Page<T> {
    let next_offset = (items.len() as i64 == limit).then_some(offset + limit);
    Page { items, next_offset }
}
