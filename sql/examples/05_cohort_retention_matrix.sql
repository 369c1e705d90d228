-- Cohort retention as a matrix: first-purchase month down, months since across (share still buying).
SELECT cohort_month, max(cohort_size) AS customers,
       round(max(CASE WHEN months_since = 1 THEN retention END), 3) AS m1,
       round(max(CASE WHEN months_since = 2 THEN retention END), 3) AS m2,
       round(max(CASE WHEN months_since = 3 THEN retention END), 3) AS m3,
       round(max(CASE WHEN months_since = 6 THEN retention END), 3) AS m6
FROM gold.cohort_retention
GROUP BY cohort_month
ORDER BY cohort_month
