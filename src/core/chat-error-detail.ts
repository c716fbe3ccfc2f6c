// A leaf: the error detail both ChatError and the models carry, kept apart so that neither imports
// the other (the models' identifiers validate, and validation errors are ChatErrors).
/** An error the service reports for one item of a batch, e.g. a participant it could not add. */
export interface ChatErrorDetail {
  code: string;
  message: string;
  target?: string;
  details?: ChatErrorDetail[];
  innerError?: ChatErrorDetail;
}
