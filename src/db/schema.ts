/**
 * The database, one file per area. A feature with tables of its own adds a file here and a line below;
 * drizzle-kit reads the whole folder to generate migrations.
 */
export * from "./schema/people.js";
export * from "./schema/team.js";
export * from "./schema/chats.js";
export * from "./schema/delivery.js";
export * from "./schema/topics.js";
export * from "./schema/ratings.js";
export * from "./schema/business-hours.js";
export * from "./schema/saved-replies.js";
export * from "./schema/notes.js";
export * from "./schema/tags.js";
export * from "./schema/topic-openings.js";
export * from "./schema/business.js";
export * from "./schema/search.js";
export * from "./schema/reports.js";
export * from "./schema/report-hours.js";
