-- UCDP order: low <= best <= high for killed and wounded.
SELECT event_id
FROM events
WHERE killed_low > killed_best OR killed_best > killed_high OR killed_low > killed_high
   OR wounded_low > wounded_best OR wounded_best > wounded_high OR wounded_low > wounded_high;
