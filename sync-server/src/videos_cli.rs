//! `bedside-server admin video ...`: the education team's catalog.

use clap::Subcommand;

use crate::services::admin::console_event;
use crate::state::AppState;
use crate::store::videos::{self, Video};

/// Catalog commands.
#[derive(Debug, Subcommand)]
pub enum VideoCommand {
    /// Add (or replace) a catalog video.
    Add {
        /// A short stable id, e.g. `appendicectomy-recovery`.
        #[arg(long)]
        id: String,
        #[arg(long)]
        title: String,
        #[arg(long)]
        url: String,
        #[arg(long, default_value = "Hospital patient education")]
        channel: String,
        /// ICD-10 prefixes it is for, comma-separated (e.g. K35,K36).
        #[arg(long, value_delimiter = ',')]
        codes: Vec<String>,
        /// Words of problem descriptions it is for, comma-separated.
        #[arg(long, value_delimiter = ',')]
        keywords: Vec<String>,
    },
    /// List the catalog.
    List,
    /// Remove a video.
    Remove {
        #[arg(long)]
        id: String,
    },
}

/// Runs a catalog command, printing what it did.
#[allow(clippy::print_stdout)]
pub async fn run(state: &AppState, command: VideoCommand) -> anyhow::Result<()> {
    match command {
        VideoCommand::Add {
            id,
            title,
            url,
            channel,
            codes,
            keywords,
        } => {
            if !url.starts_with("https://") {
                anyhow::bail!("a video address starts with https://");
            }
            let codes: Vec<String> = codes.iter().map(|c| c.trim().to_uppercase()).collect();
            let keywords: Vec<String> = keywords.iter().map(|k| k.trim().to_lowercase()).collect();
            let video = Video {
                video_id: id.clone(),
                title,
                url,
                channel,
            };
            videos::upsert(&state.pool, &video, &codes, &keywords).await?;
            let detail = serde_json::json!({ "video_id": id });
            console_event(state, None, None, "video_saved", detail).await?;
            println!("video {id} saved");
        }
        VideoCommand::List => {
            for (v, codes, keywords) in videos::all(&state.pool).await? {
                println!(
                    "{}\t{}\t{}\tcodes {}\tkeywords {}",
                    v.video_id,
                    v.title,
                    v.url,
                    codes.join(","),
                    keywords.join(",")
                );
            }
        }
        VideoCommand::Remove { id } => {
            if !videos::remove(&state.pool, &id).await? {
                anyhow::bail!("no video {id} in the catalog");
            }
            let detail = serde_json::json!({ "video_id": id });
            console_event(state, None, None, "video_removed", detail).await?;
            println!("video {id} removed");
        }
    }
    Ok(())
}
