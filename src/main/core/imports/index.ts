/**
 * Store exports imported into Klaviyo (PRODUCT D1): Shopify's customers export as profiles, its orders export as
 * "Placed Order" events. Read as a stream in a worker thread, checked row by row, queued in the outbox. See README.
 */
export { importFile, previewFile, PREVIEW } from './import-file';
export { PickedFiles } from './picked-files';
