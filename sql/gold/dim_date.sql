-- gold.dim_date: one row per calendar day the business calendar covers (2015-2035), with the
-- Chinese festival windows of io.livecart.core.calendar.BusinessCalendar (the generator and the
-- forecasting features read the same definition). Rebuilt whole every night (a few thousand rows).
SELECT c.date,
       year(c.date) AS year,
       quarter(c.date) AS quarter,
       month(c.date) AS month,
       trunc(c.date, 'MM') AS month_start,
       weekofyear(c.date) AS week_of_year,
       weekday(c.date) + 1 AS day_of_week,
       element_at(array('周一', '周二', '周三', '周四', '周五', '周六', '周日'), weekday(c.date) + 1) AS day_name_zh,
       weekday(c.date) >= 5 AS is_weekend,
       c.festival,
       c.festival_label,
       c.is_promotion,
       c.is_peak_day
FROM business_calendar c
