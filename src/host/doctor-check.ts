/** One line of `oomlab doctor`: what was checked, whether it holds, and what was seen. `unknown` is a
 *  check this user cannot make (a file only root may read): never reported as on or off. */
export interface DoctorCheck {
  name: string;
  ok: boolean | 'unknown';
  detail: string;
}
