-- Patient-education videos: a catalog the hospital curates (matched to a patient's
-- problems by ICD-10 code prefix or keyword), and a cache of video-search answers.
CREATE TABLE education_videos (
    video_id   text        PRIMARY KEY,
    title      text        NOT NULL,
    url        text        NOT NULL,
    channel    text        NOT NULL,
    codes      text[]      NOT NULL DEFAULT '{}',   -- ICD-10 prefixes, e.g. K35
    keywords   text[]      NOT NULL DEFAULT '{}',   -- lower-case words of problem texts
    added_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE video_search_cache (
    query      text        PRIMARY KEY,
    fetched_at timestamptz NOT NULL,
    videos     jsonb       NOT NULL
);

-- A starter catalog for the education team to replace with the hospital's own
-- reviewed material (addresses are the hospital's education site).
INSERT INTO education_videos (video_id, title, url, channel, codes, keywords) VALUES
 ('starter-appendicectomy', 'Recovering after appendix surgery', 'https://education.hospital.example/videos/appendicectomy-recovery', 'Hospital patient education', '{K35,K36,K37}', '{appendicitis,appendix,appendicectomy}'),
 ('starter-gallbladder', 'Going home after gallbladder removal', 'https://education.hospital.example/videos/cholecystectomy-home', 'Hospital patient education', '{K80,K81,K82}', '{gallbladder,gallstones,cholecystitis,cholecystectomy}'),
 ('starter-hernia', 'Hernia repair: what to expect', 'https://education.hospital.example/videos/hernia-repair', 'Hospital patient education', '{K40,K41,K42,K43}', '{hernia}'),
 ('starter-wound-care', 'Looking after your surgical wound', 'https://education.hospital.example/videos/wound-care', 'Hospital patient education', '{T81,Z48}', '{wound,incision,dressing,surgery}'),
 ('starter-clots', 'Preventing blood clots in hospital', 'https://education.hospital.example/videos/preventing-clots', 'Hospital patient education', '{I80,I82,I26}', '{thrombosis,embolism,clot,dvt}'),
 ('starter-pneumonia', 'Pneumonia: recovering at home', 'https://education.hospital.example/videos/pneumonia-recovery', 'Hospital patient education', '{J12,J13,J14,J15,J18}', '{pneumonia,chest infection}'),
 ('starter-copd-inhaler', 'Using your inhaler well (COPD)', 'https://education.hospital.example/videos/copd-inhaler', 'Hospital patient education', '{J44}', '{copd,emphysema,bronchitis}'),
 ('starter-asthma', 'Your asthma action plan', 'https://education.hospital.example/videos/asthma-plan', 'Hospital patient education', '{J45,J46}', '{asthma}'),
 ('starter-diabetes', 'Living with type 2 diabetes', 'https://education.hospital.example/videos/type-2-diabetes', 'Hospital patient education', '{E11}', '{diabetes}'),
 ('starter-heart-failure', 'Heart failure: daily weights and fluids', 'https://education.hospital.example/videos/heart-failure', 'Hospital patient education', '{I50}', '{heart failure}'),
 ('starter-hypertension', 'Understanding high blood pressure', 'https://education.hospital.example/videos/hypertension', 'Hospital patient education', '{I10}', '{hypertension,blood pressure}'),
 ('starter-hip-fracture', 'After a broken hip: getting moving again', 'https://education.hospital.example/videos/hip-fracture', 'Hospital patient education', '{S72}', '{hip fracture,femur}');
