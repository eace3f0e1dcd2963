hs_object_id,email,firstname,lastname,company,lifecyclestage
1338,seoyeon.tanaka@docomo.ne.jp,서연,田中,Clearworks Foods K.K.,subscriber
1025,mallory.hostile@example.com,[2J[HMallory,O'Hostile]0;pwned,Evil Corp ]8;;https://evil.example/\click me]8;;\]0;pwned,lead
1299,luiza_santos63@globalwind-consulting.fr,Luíza,Santos,Globalwind Consulting K.K.,opportunity
